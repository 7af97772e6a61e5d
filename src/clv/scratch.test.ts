import { it } from 'vitest';
import { fitMbgNbd } from './mbgnbd.js';
import { fitGammaGamma } from './gamma-gamma.js';
import { loadCdnowRfm, loadCdnowSummary } from './cdnow-fixture.js';
it('x', () => {
  const rows = loadCdnowRfm();
  console.log(fitMbgNbd(rows));
  console.log(fitGammaGamma(loadCdnowSummary()));
});
