/**
 * The generative model's parameters, in one place so tests and CONTEXT.md can refer to them.
 * Time is in weeks for the purchase process (as in Fader, Hardie & Lee 2005) and in days everywhere else.
 */
export const MODEL = {
  /**
   * BG/NBD: each customer buys at rate λ ~ Gamma(r, alpha) per week while alive and, after each repeat
   * purchase, drops out with probability p ~ Beta(a, b). The first purchase is at signup.
   */
  bgnbd: { r: 0.9, alpha: 10, a: 1.2, b: 6 },
  /**
   * Gamma-Gamma-like spend: the value of an order is Gamma(p, ν), ν ~ Gamma(q, gamma) per customer,
   * so the mean order value is p·gamma/(q−1) = 120 before the volume factor (companies buy more).
   */
  gammaGamma: { p: 4, q: 3.5, gamma: 75 },
  /** Share of customers referred by an earlier customer. */
  referralShare: 0.15,
  optOutShare: 0.05,
  /** Guest orders (no customer id) per customer: makes about 2% of lines. */
  guestOrdersPerCustomer: 0.085,
  /** Per-line chance that a sale line is cancelled at once. */
  cancelRate: 0.01,
  /** Per-customer return propensity ~ Beta(a, b): mean 3.5% of lines, of which some fall after the window. */
  returnPropensity: { a: 0.6, b: 16.5 },
  /** Price sensitivity ~ Beta(a, b); the chance of a discount on a line is 0.04 + 0.7·sensitivity. */
  priceSensitivity: { a: 1.2, b: 4 },
  /** Support contacts and complaints per order ~ Gamma(shape, rate) per customer: heavy-tailed, independent of spend. */
  supportPerOrder: { shape: 0.5, rate: 1.25 },
  complaintsPerOrder: { shape: 0.3, rate: 3 },
  surveyShare: 0.3,
  /** Individuals and households who pay by invoice (companies and agencies always do). */
  invoiceShareIndividuals: 0.1,
  /** Leads: max(200, customers / 5). */
  leadsPerCustomer: 0.2,
  /**
   * Lead conversion: logit P(won) = intercept + budget·log10(budget/10k) + authority + need + source.
   */
  leadLogit: {
    intercept: -1.6,
    budget: 0.9,
    authority: { 'decision maker': 1.3, influencer: 0.4, none: -0.6 } as Record<string, number>,
    need: { high: 1.4, medium: 0.3, low: -1.1 } as Record<string, number>,
    source: { referral: 0.7, ads: -0.5, partner: 0.3, records: -0.7, superior: -0.2, acquaintance: 0.2, old_customer: 0.9 } as Record<string, number>,
  },
} as const;
