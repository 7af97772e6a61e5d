/**
 * The API paths the dashboard reads beyond the core routes, in one place. The dashboard's own routes
 * (src/server/routes/dashboard.ts) serve them; where the server gains equivalents, this is the file to change.
 */
export const ENDPOINTS = {
  /** Customers a segment rule selects, paged and sorted: ?rule=&sort=&order=&page=&pageSize= */
  customersByRule: '/api/dashboard/customers',
  /** The rule language's fields. */
  ruleFields: '/api/dashboard/fields',
  /** One customer's CLV prediction and recommendations. */
  customerActions: (id: string) => `/api/dashboard/customers/${encodeURIComponent(id)}/actions`,
  /** Budget allocation: ?budget=&by=&maxUplift=&costScale= */
  allocation: '/api/dashboard/allocation',
  /** Care calendar: ?from=&to=&page=&pageSize= */
  care: '/api/dashboard/care',
} as const;
