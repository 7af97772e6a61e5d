/** Lifetime value: purchase-count models (BG/NBD, Pareto/NBD, MBG/NBD), Gamma-Gamma spend, and CLV. */
export {
  bgnbd,
  bgnbdConditionalExpectedPurchases,
  bgnbdExpectedPurchases,
  bgnbdLogLikelihood,
  bgnbdPAlive,
  bgnbdProbabilityOfPurchases,
  fitBgNbd,
} from './bgnbd.js';
export type { BgNbdParams } from './bgnbd.js';
export {
  fitParetoNbd,
  paretoNbd,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdExpectedPurchases,
  paretoNbdLogLikelihood,
  paretoNbdPAlive,
  paretoNbdProbabilityOfPurchases,
} from './pareto-nbd.js';
export type { ParetoNbdParams } from './pareto-nbd.js';
export {
  fitMbgNbd,
  mbgnbd,
  mbgnbdConditionalExpectedPurchases,
  mbgnbdExpectedPurchases,
  mbgnbdLogLikelihood,
  mbgnbdPAlive,
  mbgnbdProbabilityOfPurchases,
} from './mbgnbd.js';
export type { MbgNbdParams } from './mbgnbd.js';
export {
  compressSpendRows,
  fitGammaGamma,
  gammaGammaConditionalExpectedSpend,
  gammaGammaConditionalExpectedSpendBatch,
  gammaGammaExpectedSpend,
  gammaGammaLogLikelihood,
} from './gamma-gamma.js';
export type { GammaGammaParams, SpendRow } from './gamma-gamma.js';
export { customerLifetimeValue, customerLifetimeValueBatch, expectedPurchasesByPeriod } from './clv.js';
export type { ClvCustomer, ClvOptions } from './clv.js';
export { conditionalExpectedPurchasesBatch, pAliveBatch } from './purchase-model.js';
export type { PurchaseModel, PurchaseModelName } from './purchase-model.js';
export { compressRows, invalidRowReason, isCompressed } from './summary.js';
export type { CompressedRows, RfmColumns, RfmInput, RfmRow } from './summary.js';
export type { FitOptions, FitResult } from './fit.js';
export { FitError } from './optimize.js';
export { simulateCustomers } from './simulate.js';
export type { SimulatedCustomers, SimulateOptions, SimulationParams } from './simulate.js';
export { createRandom } from './random.js';
export type { Random } from './random.js';
