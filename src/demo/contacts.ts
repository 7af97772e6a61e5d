/**
 * Contacts at company and government accounts (who decides, who influences, who buys, who uses), with their stance
 * towards us and the last contact. A fifth of accounts have no known decision maker, so "accounts without a decision
 * maker" finds something. Drawn from their own random stream: the other files do not change.
 */
import type { Calendar, CsvWriter } from './csv.js';
import { csvField } from './csv.js';
import type { Customer } from './customers.js';
import type { Rng } from './random.js';

export const CONTACT_HEADER = ['customer_id', 'name', 'role', 'title', 'stance', 'email', 'phone', 'last_contact'] as const;

const TITLES: Record<string, readonly string[]> = {
  'decision maker': ['CEO', 'Managing Director', 'Head of Procurement', 'General Manager'],
  influencer: ['CFO', 'Operations Manager', 'IT Lead', 'Consultant'],
  buyer: ['Purchasing Officer', 'Buyer', 'Office Manager'],
  user: ['Engineer', 'Analyst', 'Team Lead', 'Assistant'],
};
const STANCES = ['supportive', 'neutral', 'sceptical', 'favours a competitor'];

/** Writes 1–5 contacts for an organisation customer; `span` is the window in days (last contacts fall in it). */
export function writeContacts(rng: Rng, out: CsvWriter, c: Customer, span: number, cal: Calendar): void {
  if (c.type !== 'company' && c.type !== 'government') return;
  const roles: string[] = [];
  if (rng.uniform() < 0.8) roles.push('decision maker');
  const more = 1 + Math.floor(rng.uniform() * 4);
  for (let i = 0; i < more; i++) roles.push(rng.pick(['influencer', 'buyer', 'buyer', 'user', 'user']));
  roles.forEach((role, i) => {
    const n = `${c.id}-${i + 1}`;
    const stance = STANCES[Math.min(3, Math.floor(rng.uniform() * rng.uniform() * 5))];
    const last = c.signup + rng.uniform() * Math.max(1, span - 1 - c.signup);
    out.line([c.id, csvField(`Contact ${n}`), csvField(role), csvField(rng.pick(TITLES[role])), csvField(stance), `contact-${n.toLowerCase()}@example.com`, `+44 555 ${n.slice(2)}`, cal.date(last)].join(','));
  });
}
