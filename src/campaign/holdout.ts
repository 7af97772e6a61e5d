/**
 * A random control group, stratified: within each stratum (an RFM segment), members are shuffled with a seeded
 * generator (Fisher–Yates over the ids in sorted order) and round(n·h) of them are held out. The same members, seed
 * and share always give the same groups, and each stratum is held out in the same proportion, so a segment's mix
 * cannot bias the comparison.
 */
import { createRandom } from '../clv/random.js';

export interface Member {
  readonly customerId: string;
  readonly stratum: string;
}

export interface Assigned extends Member {
  readonly treated: boolean;
}

export function assignHoldout(members: readonly Member[], holdout: number, seed: number): Assigned[] {
  if (!(holdout > 0 && holdout < 1)) throw new RangeError(`assignHoldout: holdout must be between 0 and 1 (got ${holdout})`);
  const rnd = createRandom(seed);
  const strata = new Map<string, string[]>();
  for (const m of members) {
    const list = strata.get(m.stratum);
    if (list) list.push(m.customerId);
    else strata.set(m.stratum, [m.customerId]);
  }
  const out: Assigned[] = [];
  for (const stratum of [...strata.keys()].sort()) {
    const ids = [...new Set(strata.get(stratum)!)].sort();
    for (let i = ids.length - 1; i > 0; i--) {
      const j = Math.floor(rnd.uniform() * (i + 1));
      [ids[i], ids[j]] = [ids[j], ids[i]];
    }
    const control = Math.round(ids.length * holdout);
    ids.forEach((customerId, i) => out.push({ customerId, stratum, treated: i >= control }));
  }
  return out;
}
