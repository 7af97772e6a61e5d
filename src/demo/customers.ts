/** One customer of the demo company: the public profile (a CSV row) and the latent traits that drive behaviour. */
import { pad, type Calendar, type CsvWriter } from './csv.js';
import { MODEL } from './model.js';
import { cumulative, hashUniform, type Rng } from './random.js';
import {
  COUNTRIES,
  CREDIT_RATINGS,
  CREDIT_WEIGHTS,
  CUSTOMER_TYPE_WEIGHTS,
  CUSTOMER_TYPES,
  EDUCATION,
  EDUCATION_WEIGHTS,
  INDUSTRIES,
  LIFESTYLE,
  MARITAL,
  OCCUPATIONS,
  SIGNUP_CHANNEL_WEIGHTS,
  SIGNUP_CHANNELS,
  AFFINITY,
  categoryIndex,
  type CustomerType,
} from './vocab.js';

export const CUSTOMER_HEADER = [
  'customer_id', 'name', 'email', 'phone', 'address', 'type', 'country', 'region', 'city', 'birth_date', 'gender', 'income',
  'occupation', 'education', 'marital_status', 'lifestyle', 'industry', 'employees', 'annual_revenue', 'credit_rating',
  'signup_date', 'channel', 'referred_by', 'opt_out',
] as const;

export interface Customer {
  readonly id: string;
  readonly type: CustomerType;
  /** Signup instant, in days from the window's start; the first purchase happens then. */
  readonly signup: number;
  /** Multiplies order values: companies and agencies buy in volume. */
  readonly volume: number;
  /** Index into CREDIT_RATINGS, or -1. */
  readonly rating: number;
  /** Spend level relative to the median income of the country (1 = typical). */
  readonly wealth: number;
  readonly signupChannel: string;
  /** Tagged bargain-hunter: uses more discounts. */
  readonly bargain: boolean;
  /** Category index the customer's first lifestyle tag or industry leans to, or -1. */
  readonly affinity: number;
}

const TYPE_CDF = cumulative(CUSTOMER_TYPE_WEIGHTS);
const COUNTRY_CDF = cumulative(COUNTRIES.map((c) => c.weight));
const CHANNEL_CDF = cumulative(SIGNUP_CHANNEL_WEIGHTS);
const EDUCATION_CDF = cumulative(EDUCATION_WEIGHTS);
const CREDIT_CDF = cumulative(CREDIT_WEIGHTS);

/**
 * Signups grow linearly over the window: density ∝ 1 + 2x on x ∈ [0, 1). Customer i gets the inverse CDF of a
 * point jittered inside its own 1/n slot, so signups increase with the index and "earlier" means "smaller id".
 */
export function signupInstant(rng: Rng, i: number, n: number, span: number): number {
  const u = (i + rng.uniform()) / n;
  // F(x) = (x + x²) / 2, so x = (−1 + √(1 + 8u)) / 2.
  return ((-1 + Math.sqrt(1 + 8 * u)) / 2) * span;
}

/** How many customers have signed up by instant `t` (inverse of `signupInstant`, up to the jitter within a slot). */
export function customersBy(t: number, n: number, span: number): number {
  const x = Math.min(1, Math.max(0, t / span));
  return Math.floor((n * (x + x * x)) / 2);
}

export function customerId(i: number, width: number): string {
  return `CU${pad(i + 1, width)}`;
}

/** Propensity to refer others: a stateless trait, so a later customer can pick an earlier referrer. */
function advocacy(seed: number, i: number): number {
  const u = hashUniform(seed, i);
  return u * u * u;
}

/** Draws customer `i` of `n` and writes its row (ASCII fields come from the word lists; free text goes through `text`). */
export function drawCustomer(rng: Rng, seed: number, i: number, n: number, width: number, span: number, cal: Calendar, out: CsvWriter): Customer {
  const num = pad(i + 1, width);
  const id = `CU${num}`;
  const type = CUSTOMER_TYPES[rng.weighted(TYPE_CDF)];
  const country = COUNTRIES[rng.weighted(COUNTRY_CDF)];
  const region = rng.pick(country.regions);
  const city = rng.pick(region.cities);
  const signup = signupInstant(rng, i, n, span);

  let referredBy = '';
  if (i > 0 && rng.bernoulli(MODEL.referralShare)) {
    // Rejection on the referrer's advocacy: a few enthusiastic customers refer many, forming chains.
    let j: number;
    do j = rng.int(i);
    while (!(rng.uniform() < advocacy(seed, j)));
    referredBy = customerId(j, width);
  }
  const signupChannel = referredBy ? 'referral' : SIGNUP_CHANNELS[rng.weighted(CHANNEL_CDF)];

  const person = type === 'individual';
  const hh = type === 'household';
  const org = type === 'company' || type === 'government';
  const zh = country.chinese === true;
  const label = org ? (type === 'company' ? (zh ? `演示公司 ${num}` : `Company ${num} Ltd`) : zh ? `演示机构 ${num}` : `Agency ${num}`) : hh ? (zh ? `家庭 ${num}` : `Household ${num}`) : zh ? `客户 ${num}` : `Customer ${num}`;
  const email = `demo-${num}@example.com`;
  const phone = `${country.dial} 555 ${num}`;
  const address = zh ? `演示路 ${1 + rng.int(999)} 号` : `${1 + rng.int(999)} Demo Street, ${city}`;

  let birth = '', gender = '', income = '', occupation = '', education = '', marital = '', lifestyle = '';
  let industry = '', employees = '', revenue = '', credit = '';
  let wealth = 1;
  let affinity = -1;
  let volume = 1;
  let rating = -1;
  if (person || hh) {
    const inc = rng.lognormal(Math.log(42_000 * (zh ? 0.6 : 1)), 0.55) * (hh ? 1.6 : 1);
    income = String(Math.round(inc / 100) * 100);
    wealth = Math.pow(inc / (42_000 * (zh ? 0.6 : 1) * (hh ? 1.6 : 1)), 0.3);
    lifestyle = rng.pick(LIFESTYLE);
    affinity = categoryIndex(AFFINITY[lifestyle]);
    for (let k = rng.int(3); k > 0; k--) {
      const tag = rng.pick(LIFESTYLE);
      if (!lifestyle.includes(tag)) lifestyle += ';' + tag;
    }
    marital = hh ? (rng.bernoulli(0.85) ? 'married' : 'single') : rng.pick(MARITAL);
    volume = hh ? 1.5 : 1;
  }
  if (person) {
    const age = Math.min(90, 18 + rng.gamma(3, 1 / 9));
    birth = cal.date(signup - age * 365.25);
    gender = rng.bernoulli(0.51) ? 'female' : 'male';
    occupation = age > 66 ? 'retired' : age < 23 && rng.bernoulli(0.6) ? 'student' : rng.pick(OCCUPATIONS);
    education = EDUCATION[rng.weighted(EDUCATION_CDF)];
  }
  if (org) {
    const staff = Math.max(3, Math.round(rng.lognormal(Math.log(type === 'government' ? 300 : 40), 1.4)));
    employees = String(staff);
    industry = type === 'government' ? 'public administration' : rng.pick(INDUSTRIES);
    affinity = categoryIndex(AFFINITY[industry]);
    revenue = String(Math.round(staff * rng.lognormal(Math.log(150_000), 0.5) / 1000) * 1000);
    if (type === 'company') {
      rating = rng.weighted(CREDIT_CDF);
      credit = CREDIT_RATINGS[rating];
    }
    volume = Math.min(60, 2 + Math.sqrt(staff) / 2);
  }
  const optOut = rng.bernoulli(MODEL.optOutShare) ? 'true' : 'false';

  out.room(256);
  out.ascii(id);
  out.text(label);
  out.ascii(email);
  out.ascii(phone);
  out.text(address);
  out.ascii(type);
  out.text(country.name);
  out.text(region.name);
  out.text(city);
  out.room(512);
  out.ascii(birth);
  out.ascii(gender);
  out.ascii(income);
  out.ascii(occupation);
  out.ascii(education);
  out.ascii(marital);
  out.ascii(lifestyle);
  out.ascii(industry);
  out.ascii(employees);
  out.ascii(revenue);
  out.ascii(credit);
  out.ascii(cal.date(signup));
  out.ascii(signupChannel);
  out.ascii(referredBy);
  out.ascii(optOut);
  out.endRow();
  // Luxury lovers spend more per order; bargain hunters chase discounts.
  if (lifestyle.includes('luxury')) wealth *= 1.5;
  const bargain = lifestyle.includes('bargain-hunter');
  return { id, type, signup, volume, rating, wealth, signupChannel, bargain, affinity };
}
