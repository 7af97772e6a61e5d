/** The shapes of the API answers the dashboard reads (see GET /openapi.json; `clientele value --json`). */

export interface CustomerRow {
  customer_id: string;
  type: string | null;
  country: string | null;
  city: string | null;
  orders: number;
  net_revenue: number;
  profit: number;
  cost_to_serve: number;
  first_purchase: string | null;
  last_purchase: string | null;
  recency_days: number | null;
  segment: string | null;
  r: number | null;
  f: number | null;
  m: number | null;
  value_quadrant: string | null;
  value_loyalty: string | null;
  satisfaction_loyalty: string | null;
  long_term_value: number | null;
  good_score: number | null;
  flag_loss_making: boolean;
  flag_costs_more_than_brings: boolean;
  flag_bad_debt: boolean;
  flag_chronic_late: boolean;
  flag_off_strategy: boolean;
}

export interface CustomerPage {
  asOf: string;
  total: number;
  page: number;
  pageSize: number;
  customers: CustomerRow[];
}

export interface MatrixCell {
  cell: string;
  label: string;
  customers: number;
  revenue: number;
  profit: number;
}
export interface Axis {
  name: string;
  threshold: number | null;
  how: string;
}
export interface Matrix {
  available: boolean;
  missing: string | null;
  x: Axis;
  y: Axis;
  cells: MatrixCell[];
  notes?: string[];
}
export interface Matrices {
  currentLongTerm: Matrix;
  valueLoyalty: Matrix;
  satisfactionLoyalty: Matrix;
}

export interface Rfm {
  segments: Array<{ segment: string; customers: number; revenue: number; profit: number }>;
  grid: number[][];
  rules: Array<{ name: string; r: [number, number]; f: [number, number] }>;
}

export interface ValueReport {
  asOf: string;
  runId: number;
  basis: 'profit' | 'revenue';
  assumed: { notes: string[] };
  sources: { costOfGoods: string; costToServe: string; longTermValue: string };
  config: { marginRate: number | null; costPerOrder: number | null };
  customers: { total: number; buyers: number; profitable: number; lossMaking: number };
  revenue: { net: number; orders: number };
  profit: { available: boolean; profit: number; loss: number; costToServe: number; grossMargin: number; assumedMarginRevenue: number; uncostedRevenue: number };
  whale: {
    basis: string;
    customers: number;
    total: number;
    top20Share: number;
    peak: { share: number; customerShare: number; customers: number; value: number };
    lossTail: { customers: number; customerShare: number; value: number; consumedShareOfPeak: number };
    curve: Array<{ x: number; y: number; cum: number }>;
    deciles: Array<{ decile: number; customers: number; value: number }>;
  };
  rfm: Rfm;
  matrices: Matrices;
}

export interface Segment {
  name: string;
  kind?: string;
  rule: string;
  members: number | null;
}
