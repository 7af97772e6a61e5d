/** The API paths the dashboard reads beyond the obvious ones, in one place: every one is a route of the API itself. */
export const ENDPOINTS = {
  /** Customers, filtered (rule, segment, r/f, quadrant, tier, saved), sorted and paged in the store. */
  customers: '/api/customers',
  /** The rule language's fields. */
  ruleFields: '/api/segments/fields',
  /** One customer's stored lifetime value prediction(s): ?customer= */
  predictions: '/api/clv/predictions',
  /** Cross-sell and volume upgrades: ?customer=&top= */
  recommendations: '/api/recommendations',
  /** Budget allocation: ?budget=&by=&maxUplift=&costScale= */
  allocation: '/api/allocate',
  /** Care calendar: ?from=&to=&page=&pageSize= */
  care: '/api/care',
  /** Customers at risk with win-back methods, and the retention economics: ?page=&pageSize= */
  churn: '/api/churn',
  churnExport: '/api/churn/export',
  /** Referral chains: ?page=&pageSize= */
  referrals: '/api/referrals',
} as const;
