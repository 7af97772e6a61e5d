/**
 * Referral chains (链式介绍法): who brought in whom, among customers and leads, and what everyone a referrer brought
 * in — directly and through the people they brought in, at any depth — is worth. Pure: nodes in, chains out.
 *
 * Each person has at most one referrer, so the graph is a forest, except where the data has a cycle (A referred
 * B, B referred A). Chains are sums over subtrees, in one post-order pass (O(n)); a node on a cycle reaches its
 * whole component, so its chain is the component less itself, counted once (a visited set, never a loop).
 */

export type NodeKind = 'customer' | 'lead' | 'unknown';

export interface ReferralNode {
  readonly kind: 'customer' | 'lead';
  readonly id: string;
  readonly name: string | null;
  /** The referrer as written: a customer id, a lead id, or someone not in the data. */
  readonly referredBy: string | null;
  readonly revenue: number;
  readonly profit: number;
  /** Leads: won (true), lost (false), open (null). */
  readonly won: boolean | null;
}

export interface ChainFigures {
  readonly customers: number;
  readonly leads: number;
  readonly wonLeads: number;
  readonly revenue: number;
  readonly profit: number;
}

export interface ReferrerChain {
  readonly kind: NodeKind;
  readonly id: string;
  readonly name: string | null;
  /** The people they referred themselves. */
  readonly direct: ChainFigures;
  /** Everyone they brought in, directly and indirectly (never themselves). */
  readonly chain: ChainFigures;
  /** Generations below them: 1 when none of their referrals referred anyone. */
  readonly generations: number;
  /** Their own revenue and profit (0 for leads and unknown referrers). */
  readonly ownRevenue: number;
  readonly ownProfit: number;
  readonly inCycle: boolean;
}

export interface ReferralGraph {
  readonly referrers: readonly ReferrerChain[];
  readonly referred: { readonly customers: number; readonly leads: number };
  /** Referrer names that are neither a customer nor a lead id (kept as 'unknown' referrers). */
  readonly unknownReferrers: number;
  readonly selfReferrals: number;
  /** Each cycle's members, e.g. [['customer:A', 'customer:B']]. */
  readonly cycles: ReadonlyArray<readonly string[]>;
}

const ZERO: ChainFigures = { customers: 0, leads: 0, wonLeads: 0, revenue: 0, profit: 0 };
const add = (a: ChainFigures, b: ChainFigures): ChainFigures => ({ customers: a.customers + b.customers, leads: a.leads + b.leads, wonLeads: a.wonLeads + b.wonLeads, revenue: a.revenue + b.revenue, profit: a.profit + b.profit });
const own = (n: { kind: NodeKind; revenue: number; profit: number; won: boolean | null }): ChainFigures => ({
  customers: n.kind === 'customer' ? 1 : 0,
  leads: n.kind === 'lead' ? 1 : 0,
  wonLeads: n.kind === 'lead' && n.won === true ? 1 : 0,
  revenue: n.revenue,
  profit: n.profit,
});

interface Node {
  readonly key: string;
  readonly kind: NodeKind;
  readonly id: string;
  readonly name: string | null;
  readonly revenue: number;
  readonly profit: number;
  readonly won: boolean | null;
  parent: string | null;
  readonly children: string[];
}

/**
 * Chains of every referrer. A referrer id is looked up among customers first, then leads (a lead id that is also a
 * customer id is taken to be the customer); anything else is an unknown referrer, kept by name.
 */
export function referralChains(input: readonly ReferralNode[]): ReferralGraph {
  const nodes = new Map<string, Node>();
  const customerIds = new Set(input.filter((n) => n.kind === 'customer').map((n) => n.id));
  const leadIds = new Set(input.filter((n) => n.kind === 'lead').map((n) => n.id));
  for (const n of input) nodes.set(`${n.kind}:${n.id}`, { key: `${n.kind}:${n.id}`, kind: n.kind, id: n.id, name: n.name, revenue: n.revenue, profit: n.profit, won: n.won, parent: null, children: [] });
  let selfReferrals = 0;
  for (const n of input) {
    if (n.referredBy === null) continue;
    const key = `${n.kind}:${n.id}`;
    const to = customerIds.has(n.referredBy) ? `customer:${n.referredBy}` : leadIds.has(n.referredBy) ? `lead:${n.referredBy}` : `unknown:${n.referredBy}`;
    if (to === key) {
      selfReferrals++;
      continue;
    }
    if (!nodes.has(to)) nodes.set(to, { key: to, kind: 'unknown', id: n.referredBy, name: null, revenue: 0, profit: 0, won: null, parent: null, children: [] });
    nodes.get(key)!.parent = to;
    nodes.get(to)!.children.push(key);
  }

  // Cycles: follow parents; a walk that meets itself closes a cycle.
  const state = new Map<string, 1 | 2>();
  const onCycle = new Set<string>();
  const cycles: string[][] = [];
  for (const start of nodes.keys()) {
    const path: string[] = [];
    let k: string | null = start;
    while (k !== null && !state.has(k)) {
      state.set(k, 1);
      path.push(k);
      k = nodes.get(k)!.parent;
    }
    if (k !== null && state.get(k) === 1) {
      const cycle = path.slice(path.indexOf(k));
      cycle.forEach((c) => onCycle.add(c));
      cycles.push([...cycle].sort());
    }
    for (const p of path) state.set(p, 2);
  }

  // Post-order over the trees (cycle members are roots of the trees hanging off them).
  const below = new Map<string, { figures: ChainFigures; direct: ChainFigures; generations: number }>();
  const order: string[] = [];
  const stack = [...nodes.values()].filter((n) => n.parent === null || onCycle.has(n.key)).map((n) => n.key);
  while (stack.length) {
    const k = stack.pop()!;
    order.push(k);
    for (const c of nodes.get(k)!.children) if (!onCycle.has(c)) stack.push(c);
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const n = nodes.get(order[i])!;
    let figures = ZERO;
    let direct = ZERO;
    let generations = 0;
    for (const c of n.children) {
      if (onCycle.has(c)) continue;
      const b = below.get(c)!;
      figures = add(figures, add(own(nodes.get(c)!), b.figures));
      direct = add(direct, own(nodes.get(c)!));
      generations = Math.max(generations, 1 + b.generations);
    }
    below.set(n.key, { figures, direct, generations });
  }
  // A cycle member reaches its whole component: walk it once with a visited set.
  for (const k of onCycle) {
    const seen = new Set([k]);
    let frontier = [k];
    let figures = ZERO;
    let generations = 0;
    while (frontier.length) {
      const next: string[] = [];
      for (const f of frontier) for (const c of nodes.get(f)!.children) if (!seen.has(c)) (seen.add(c), next.push(c), (figures = add(figures, own(nodes.get(c)!))));
      if (next.length) generations++;
      frontier = next;
    }
    const direct = nodes.get(k)!.children.reduce((a, c) => add(a, own(nodes.get(c)!)), ZERO);
    below.set(k, { figures, direct, generations });
  }

  const referrers: ReferrerChain[] = [];
  for (const n of nodes.values()) {
    if (!n.children.length) continue;
    const b = below.get(n.key)!;
    referrers.push({ kind: n.kind, id: n.id, name: n.name, direct: b.direct, chain: b.figures, generations: b.generations, ownRevenue: n.revenue, ownProfit: n.profit, inCycle: onCycle.has(n.key) });
  }
  referrers.sort((a, b) => b.chain.profit - a.chain.profit || b.chain.revenue - a.chain.revenue || b.chain.customers + b.chain.leads - (a.chain.customers + a.chain.leads) || a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
  const referred = [...nodes.values()].filter((n) => n.parent !== null);
  return {
    referrers,
    referred: { customers: referred.filter((n) => n.kind === 'customer').length, leads: referred.filter((n) => n.kind === 'lead').length },
    unknownReferrers: [...nodes.values()].filter((n) => n.kind === 'unknown').length,
    selfReferrals,
    cycles: cycles.sort((a, b) => a[0].localeCompare(b[0])),
  };
}
