/**
 * A customer's life after signup: orders (BG/NBD timing, Gamma-Gamma-like spend), cancellations, returns,
 * cost to serve, invoices and a survey answer. Rows go straight to the writers; nothing is kept across customers.
 */
import type { Calendar, CsvWriter } from './csv.js';
import { csvField, money, secondOfDay } from './csv.js';
import type { Customer } from './customers.js';
import { MODEL } from './model.js';
import { productNear, type Catalogue } from './products.js';
import { cumulative, type Rng } from './random.js';
import { CATEGORIES, COMMENTS } from './vocab.js';

export const ORDER_HEADER = ['order_id', 'customer_id', 'ordered_at', 'product_id', 'quantity', 'unit_price', 'discount', 'channel', 'kind'] as const;
export const SERVICE_HEADER = ['customer_id', 'at', 'kind', 'cost'] as const;
export const PAYMENT_HEADER = ['customer_id', 'invoice_id', 'amount', 'due_date', 'paid_at', 'written_off'] as const;
export const SURVEY_HEADER = ['customer_id', 'at', 'satisfaction', 'nps', 'comment'] as const;

export interface Sinks {
  readonly orders: CsvWriter;
  readonly services: CsvWriter;
  readonly payments: CsvWriter;
  readonly surveys: CsvWriter;
}

const LINES_CDF = cumulative([35, 25, 18, 12, 10]);
const CATEGORY_CDF = cumulative(CATEGORIES.map((c) => c.weight));
// Companies lean to office supplies, electronics and services.
const ORG_CATEGORY_CDF = cumulative(CATEGORIES.map((c) => (['Office Supplies', 'Electronics', 'Software & Services'].includes(c.name) ? c.weight * 4 : c.weight)));
const DISCOUNT_RATES = [0.05, 0.1, 0.1, 0.15, 0.2, 0.3];
// Share of invoices paid late and written off, by credit rating AAA..C.
const LATE_BY_RATING = [0.03, 0.04, 0.06, 0.09, 0.14, 0.2, 0.32, 0.42, 0.5];
const WRITE_OFF_BY_RATING = [0, 0.004, 0.008, 0.016, 0.03, 0.06, 0.1, 0.15, 0.2];

const SERVICE_KINDS = ['support', 'visit', 'delivery', 'complaint', 'return_handling'];
const [SUPPORT, VISIT, DELIVERY, COMPLAINT, RETURN_HANDLING] = [0, 1, 2, 3, 4];

/** Per-customer latent traits, drawn once. */
interface Traits {
  lambda: number; // purchases per day while alive
  p: number; // dropout probability after each repeat purchase
  nu: number; // Gamma-Gamma rate of order value
  discountChance: number;
  returnChance: number;
  support: number;
  complaints: number;
  fav1: number;
  fav2: number;
  channel: string;
  priceFactor: number;
  invoiced: boolean;
  late: number;
  writeOff: number;
}

export class Activity {
  private orderNo = 0;
  // Service rows of the current customer (day·8 + kind, cents): identical rows would be dropped on import.
  private serviceKeys: number[] = [];
  private serviceCents: number[] = [];
  private supports = 0;
  private complaintsSeen = 0;
  private returns = 0;
  private readonly traits: Traits = {
    lambda: 0, p: 0, nu: 0, discountChance: 0, returnChance: 0, support: 0, complaints: 0, fav1: 0, fav2: 0,
    channel: '', priceFactor: 1, invoiced: false, late: 0, writeOff: 0,
  };

  constructor(
    private readonly rng: Rng,
    private readonly cal: Calendar,
    private readonly cat: Catalogue,
    /** End of the window, in days from its start (exclusive). */
    private readonly end: number,
    private readonly out: Sinks,
  ) {}

  customer(c: Customer): void {
    const rng = this.rng;
    const { r, alpha, a, b } = MODEL.bgnbd;
    const gg = MODEL.gammaGamma;
    const org = c.type === 'company' || c.type === 'government';
    const sens = rng.beta(MODEL.priceSensitivity.a, MODEL.priceSensitivity.b);
    const rating = c.rating;
    // One mutable record, refilled per customer: a fresh object each time showed up in the GC profile.
    const tr = this.traits;
    tr.lambda = rng.gamma(r, alpha) / 7;
    tr.p = rng.beta(a, b);
    tr.nu = rng.gamma(gg.q, gg.gamma);
    tr.discountChance = 0.04 + 0.7 * sens + (c.bargain ? 0.2 : 0);
    tr.returnChance = rng.beta(MODEL.returnPropensity.a, MODEL.returnPropensity.b);
    tr.support = rng.gamma(MODEL.supportPerOrder.shape, MODEL.supportPerOrder.rate);
    tr.complaints = rng.gamma(MODEL.complaintsPerOrder.shape, MODEL.complaintsPerOrder.rate);
    tr.fav1 = c.affinity >= 0 && rng.uniform() < 0.6 ? c.affinity : rng.weighted(org ? ORG_CATEGORY_CDF : CATEGORY_CDF);
    tr.fav2 = rng.weighted(org ? ORG_CATEGORY_CDF : CATEGORY_CDF);
    tr.channel = org ? (rng.bernoulli(0.6) ? 'sales_rep' : rng.bernoulli(0.5) ? 'phone' : 'web') : c.signupChannel === 'store' ? 'store' : rng.bernoulli(0.3) ? 'app' : 'web';
    // Negotiated prices for organisations; individuals pay list price.
    tr.priceFactor = org ? Math.round(rng.between(0.8, 0.97) * 100) / 100 : 1;
    tr.invoiced = org || rng.bernoulli(MODEL.invoiceShareIndividuals);
    tr.late = c.type === 'government' ? 0.25 : rating >= 0 ? LATE_BY_RATING[rating] : rng.beta(1, 8);
    tr.writeOff = c.type === 'government' ? 0 : rating >= 0 ? WRITE_OFF_BY_RATING[rating] : rng.beta(0.5, 12);
    this.serviceKeys.length = 0;
    this.serviceCents.length = 0;
    this.supports = this.complaintsSeen = this.returns = 0;

    // BG/NBD: first purchase at signup, no dropout before the first repeat; after each repeat, dropout with p.
    let t = c.signup;
    let last = t;
    this.order(c, tr, t);
    for (;;) {
      t += rng.exponential(tr.lambda);
      if (t >= this.end) break;
      this.order(c, tr, t);
      last = t;
      if (rng.uniform() < tr.p) break;
    }

    if (rng.uniform() < MODEL.surveyShare) this.survey(c, last);
  }

  /** An order without a customer id, from an average walk-in buyer. */
  guestOrder(span: number): void {
    const rng = this.rng;
    const tr: Traits = {
      lambda: 0, p: 1, nu: rng.gamma(MODEL.gammaGamma.q, MODEL.gammaGamma.gamma), discountChance: 0.1, returnChance: 0.02,
      support: 0, complaints: 0, fav1: rng.weighted(CATEGORY_CDF), fav2: rng.weighted(CATEGORY_CDF),
      channel: rng.bernoulli(0.5) ? 'store' : 'web', priceFactor: 1, invoiced: false, late: 0, writeOff: 0,
    };
    this.order(null, tr, rng.uniform() * span);
  }

  private order(c: Customer | null, tr: Traits, t: number): void {
    const rng = this.rng;
    const cat = this.cat;
    const products = cat.products;
    const oid = `SO${100_000_000 + ++this.orderNo}`;
    const cid = c === null ? '' : c.id;
    const channel = rng.uniform() < 0.85 ? tr.channel : rng.uniform() < 0.5 ? 'web' : 'store';
    const volume = c === null ? 1 : c.volume * c.wealth;
    const value = rng.gamma(MODEL.gammaGamma.p, tr.nu) * volume;
    const nLines = 1 + rng.weighted(LINES_CDF);
    const logTarget = Math.log(value / nLines);
    const maxQty = c === null ? 12 : Math.round(12 * c.volume);
    let used0 = -1, used1 = -1, used2 = -1, used3 = -1;
    let net = 0; // cents
    for (let k = 0; k < nLines; k++) {
      const u = rng.uniform();
      const ci = u < 0.45 ? tr.fav1 : u < 0.7 ? tr.fav2 : rng.weighted(CATEGORY_CDF);
      const logPick = logTarget + rng.normal(0, 0.7);
      const pi = productNear(cat.byCategory[ci], logPick);
      // One line per product and order: a repeated product would make a duplicate-looking line.
      if (pi === used0 || pi === used1 || pi === used2 || pi === used3) continue;
      if (k === 0) used0 = pi; else if (k === 1) used1 = pi; else if (k === 2) used2 = pi; else used3 = pi;
      const prod = products[pi];
      const qty = Math.min(maxQty, Math.max(1, Math.round(Math.exp(logPick) / prod.listPrice)));
      const price = tr.priceFactor === 1 ? prod.listCents : Math.round(prod.listCents * tr.priceFactor);
      let discount = 0;
      if (rng.uniform() < tr.discountChance) discount = Math.round(qty * price * DISCOUNT_RATES[rng.int(6)]);
      this.orderLine('', oid, cid, t, prod.id, qty, price, discount, channel, 'sale');
      const lineNet = qty * price - discount;
      // Reversals carry the net unit price, so they undo the discount too.
      const netUnit = Math.round(lineNet / qty);
      if (rng.uniform() < MODEL.cancelRate) {
        // Cancelled within the hour.
        this.orderLine('C', oid, cid, t + rng.uniform() * 0.04, prod.id, -qty, netUnit, 0, channel, 'cancel');
        continue;
      }
      net += lineNet;
      if (rng.uniform() < tr.returnChance) {
        const at = t + 2 + rng.erlang2(0.25);
        if (at < this.end) {
          const back = qty > 1 && rng.uniform() < 0.3 ? 1 + rng.int(qty - 1) : qty;
          this.orderLine('R', oid, cid, at, prod.id, -back, netUnit, 0, channel, 'return');
          if (c !== null) {
            this.returns++;
            this.service(c, at, RETURN_HANDLING, 6 + rng.erlang2(0.25));
          }
        }
      }
    }
    if (c === null) return;
    this.serviceCosts(c, tr, t, channel, net / 100);
    if (tr.invoiced && net > 0) this.invoice(c, tr, t, oid, net / 100);
  }

  private orderLine(prefix: string, oid: string, cid: string, t: number, pid: string, qty: number, price: number, discount: number, channel: string, kind: string): void {
    const w = this.out.orders;
    w.room(160);
    if (prefix !== '') w.ascii(prefix + oid);
    else w.ascii(oid);
    w.ascii(cid);
    const day = Math.floor(t);
    w.ascii(this.cal.date(day));
    w.space();
    w.clock(secondOfDay(t - day));
    w.ascii(pid);
    w.int(qty);
    w.cents(price);
    if (discount === 0) w.int(0);
    else w.cents(discount);
    w.ascii(channel);
    w.ascii(kind);
    w.endRow();
  }

  private serviceCosts(c: Customer, tr: Traits, t: number, channel: string, net: number): void {
    const rng = this.rng;
    const org = c.type === 'company' || c.type === 'government';
    if (channel !== 'store') this.service(c, t, DELIVERY, org ? 12 + 0.01 * net + rng.uniform() : 4.5 + 3 * rng.uniform());
    for (let k = rng.poisson(tr.support); k > 0; k--) {
      this.supports++;
      this.service(c, t + rng.uniform() * 14, SUPPORT, 6 + rng.erlang2(0.2));
    }
    for (let k = rng.poisson(tr.complaints); k > 0; k--) {
      this.complaintsSeen++;
      this.service(c, t + 1 + rng.uniform() * 20, COMPLAINT, 25 + rng.erlang2(1 / 30));
    }
    if (org && rng.uniform() < 0.35) this.service(c, Math.max(c.signup, t - rng.uniform() * 10), VISIT, 120 + rng.erlang2(1 / 60));
  }

  private service(c: Customer, at: number, kind: number, cost: number): void {
    if (at >= this.end) return;
    const day = Math.floor(at);
    let cents = Math.round(cost * 100);
    // Tables without a key drop identical rows on import: nudge the cost of a same-day, same-kind repeat.
    const key = day * 8 + kind;
    for (let i = 0; i < this.serviceKeys.length; i++) if (this.serviceKeys[i] === key && this.serviceCents[i] === cents) (cents++, (i = -1));
    this.serviceKeys.push(key);
    this.serviceCents.push(cents);
    const w = this.out.services;
    w.room(80);
    w.ascii(c.id);
    w.ascii(this.cal.date(day));
    w.ascii(SERVICE_KINDS[kind]);
    w.cents(cents);
    w.endRow();
  }

  private invoice(c: Customer, tr: Traits, t: number, oid: string, amount: number): void {
    const rng = this.rng;
    const day = Math.floor(t);
    const due = day + (c.type === 'individual' || c.type === 'household' ? 14 : 30);
    let paid = '';
    let writtenOff = '0';
    const u = rng.uniform();
    if (u < tr.writeOff) {
      // Written off only once the debt is old enough to give up on; before that it is simply unpaid.
      if (due + 120 < this.end) writtenOff = money(amount);
    } else {
      const at = u < tr.writeOff + tr.late ? due + 1 + rng.gamma(1.5, 1 / 15) : Math.max(day, due - rng.uniform() * 25);
      if (at < this.end) paid = this.cal.date(at);
    }
    this.out.payments.line(`${c.id},INV${oid.slice(2)},${money(amount)},${this.cal.date(due)},${paid},${writtenOff}`);
  }

  private survey(c: Customer, last: number): void {
    const rng = this.rng;
    const until = Math.min(this.end - 1e-6, last + 60);
    const at = c.signup + rng.uniform() * (until - c.signup);
    // Satisfaction falls with complaints, support contacts and returns; loyalty is left to the purchase process.
    const score = 4.3 - 0.8 * Math.min(3, this.complaintsSeen) - 0.12 * Math.min(6, this.supports) - 0.3 * Math.min(2, this.returns) + rng.normal(0, 0.7);
    const sat = Math.min(5, Math.max(1, Math.round(score)));
    const nps = Math.min(10, Math.max(0, Math.round(2 * sat - 0.5 + rng.normal(0, 1.3))));
    const comment = rng.uniform() < 0.6 ? csvField(rng.pick(COMMENTS[sat])) : '';
    this.out.surveys.line(`${c.id},${this.cal.date(at)},${sat},${nps},${comment}`);
  }
}
