import type { ReferralReport } from '../act/index.js';
import type { Engine } from '../engine/engine.js';
import type { Screening, TargetResult, TargetRow } from '../target/index.js';
import type { DecideReport } from './decide.js';
import type { ValueReport } from '../value/portfolio.js';
import { storeCurrency } from './currency.js';

export interface CustomerLine {
  readonly customerId: string;
  readonly orders: number;
  readonly netRevenue: number;
  readonly costToServe: number;
  readonly profit: number;
  readonly segment: string;
  readonly quadrant: string | null;
}

/** Holdout check of a lifetime value model, as `clientele clv check --json` gives it. */
export interface ClvCheck {
  readonly model: string;
  readonly byFrequency: ReadonlyArray<{ readonly x: number | string; readonly customers: number; readonly actual: number; readonly predicted: number }>;
  readonly tracking: ReadonlyArray<{ readonly period: number; readonly actualCumulative: number; readonly predictedCumulative: number; readonly holdout?: boolean }>;
  /** Holdout totals, each named (checks saved before clv-15 have none). */
  readonly totals?: { readonly holdoutActual: number; readonly holdoutPredictedConditional?: number; readonly holdoutPredictedUnconditional?: number };
  /** The fit's diagnostics (src/clv/fit.ts); empty or absent for a regular fit. */
  readonly diagnostics?: ReadonlyArray<import('../clv/fit.js').FitDiagnostic>;
}

export interface ReportData {
  readonly value: ValueReport;
  readonly top: readonly CustomerLine[];
  readonly bottom: readonly CustomerLine[];
  /** Loss-making customers by RFM segment, most first. */
  readonly lossBySegment: ReadonlyArray<{ readonly segment: string; readonly customers: number; readonly loss: number }>;
  readonly clvCheck: ClvCheck | null;
  /** Attractiveness × fit of the RFM segments, when the report computed them. */
  readonly targets?: readonly TargetRow[];
  /** The profile the targets were judged against, whether it was inferred, and warnings on the segmentation basis. */
  readonly targetProfile?: Pick<TargetResult, 'company' | 'companySource' | 'warnings'>;
  /** The last re-screening (clientele migrate), when there is one. */
  readonly screening?: Screening | null;
  /** Referral chains (clientele referrals), when the data has referrals. */
  readonly referrals?: ReferralReport | null;
  /** The store's currency (ISO 4217), or null/absent: money then shows no symbol. */
  readonly currency?: string | null;
  /** Big-customer risk and measured campaigns (src/report/decide.ts), when the report loaded them. */
  readonly decide?: DecideReport;
  /** Churn learned from outcomes (src/report/churn.ts), when churn --learn was run. */
  readonly churn?: import('./churn.js').ChurnSectionData | null;
}

/** What the report needs beyond the portfolio figures, read from the run the portfolio came from. */
export async function loadReportExtras(engine: Engine, value: ValueReport, n = 10): Promise<Omit<ReportData, 'value' | 'clvCheck' | 'targets' | 'targetProfile' | 'screening' | 'referrals' | 'decide'>> {
  const lines = (order: 'DESC' | 'ASC') =>
    engine.query<{ customer_id: string; orders: number; net_revenue: number; cost_to_serve: number; profit: number; segment: string; value_quadrant: string | null }>(
      `SELECT s.customer_id, s.orders, s.net_revenue, s.cost_to_serve, s.profit, v.segment, v.value_quadrant
       FROM customer_summary s JOIN customer_value v ON v.customer_id = s.customer_id AND v.run_id = s.run_id
       WHERE s.run_id = $1 AND s.orders > 0 ORDER BY s.profit ${order}, s.customer_id LIMIT ${n}`,
      [value.runId],
    );
  const shape = (r: Awaited<ReturnType<typeof lines>>[number]): CustomerLine => ({
    customerId: r.customer_id,
    orders: r.orders,
    netRevenue: r.net_revenue,
    costToServe: r.cost_to_serve,
    profit: r.profit,
    segment: r.segment,
    quadrant: r.value_quadrant,
  });
  const loss = await engine.query<{ segment: string; customers: number; loss: number }>(
    `SELECT v.segment, count(*) AS customers, sum(s.profit) AS loss
     FROM customer_summary s JOIN customer_value v ON v.customer_id = s.customer_id AND v.run_id = s.run_id
     WHERE s.run_id = $1 AND s.profit < 0 GROUP BY v.segment ORDER BY customers DESC, v.segment`,
    [value.runId],
  );
  return { top: (await lines('DESC')).map(shape), bottom: (await lines('ASC')).map(shape), lossBySegment: loss, currency: await storeCurrency(engine) };
}
