/**
 * The demo company's campaign history: a win-back letter to the At Risk segment 60 days before the end of the data,
 * with a 10% holdout, and its responses (a synthetic responses file: 15% of the treated and 5% of the control
 * respond within the 45-day window, spending Gamma(2, 1/60), mean 120; profit at a 35% margin). So the campaign views,
 * allocation's measured curves and the report show measured figures on the demo. Seeded; nothing else changes.
 */
import { createCampaign, importResponses, type Campaign } from '../campaign/index.js';
import { createRandom } from '../clv/random.js';
import type { Engine } from '../engine/engine.js';

const shift = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Creates the campaign once (again on the same store: nothing); returns it, or null when the segment is empty. */
export async function addDemoCampaign(engine: Engine, seed: number, lastDay: string): Promise<Campaign | null> {
  const [done] = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM campaigns WHERE name = 'win-back letter (demo)'`);
  if (Number(done.n) > 0) return null;
  const ids = (await engine.query<{ customer_id: string }>(`SELECT customer_id FROM customer_value WHERE segment = 'At Risk' ORDER BY customer_id`)).map((r) => r.customer_id);
  if (ids.length < 20) return null;
  const sentAt = shift(lastDay, -60);
  const c = await createCampaign(engine, { name: 'win-back letter (demo)', source: 'segment:At Risk', customerIds: ids, holdout: 0.1, seed, sentAt, windowDays: 45, costPerContact: 3 });
  const members = await engine.query<{ customer_id: string; treated: boolean }>(`SELECT customer_id, treated FROM campaign_members WHERE campaign_id = $1 ORDER BY customer_id`, [c.id]);
  const rnd = createRandom(seed * 13 + 1);
  const responses = [];
  for (const m of members) {
    const u = rnd.uniform();
    const spend = rnd.gamma(2, 1 / 60);
    const day = Math.floor(rnd.uniform() * 45) + 1;
    if (u < (m.treated ? 0.15 : 0.05)) responses.push({ customerId: m.customer_id, respondedAt: shift(sentAt, day), revenue: Math.round(spend * 100) / 100, profit: Math.round(spend * 35) / 100 });
  }
  await importResponses(engine, c.id, responses);
  return c;
}
