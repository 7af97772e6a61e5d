/**
 * Column layouts that the contact-import templates of common email and CRM tools accept (`--layout`):
 * - clientele: our columns, headers by language (code names in English, labels in 简体中文).
 * - mailchimp: Email Address, First Name, Last Name, Phone Number, Tags (Mailchimp's import fields).
 * - klaviyo: Email, Phone Number, First Name, Last Name, Country (Klaviyo's profile-import properties).
 * - hubspot: Email, First Name, Last Name, Phone Number, Country/Region (HubSpot contact property labels).
 * - salesforce: First Name, Last Name, Email, Phone, Mailing Country (the Data Import Wizard's contact fields).
 * - wecom / youzan: 姓名, 手机号, 邮箱, 标签, 备注 (企业微信 and 有赞 customer-import templates).
 * Every other column follows as a custom field (`customer_id`, reason, offer, figures …), so nothing is lost.
 */
import { UsageError } from '../errors.js';
import { columnHeader, roundCell } from './columns.js';

export const LAYOUTS = ['clientele', 'mailchimp', 'klaviyo', 'hubspot', 'salesforce', 'wecom', 'youzan'] as const;
export type Layout = (typeof LAYOUTS)[number];
export type ExportLang = 'en' | 'zh-CN';

export function parseLayout(v: string | undefined): Layout {
  if (v === undefined) return 'clientele';
  if ((LAYOUTS as readonly string[]).includes(v)) return v as Layout;
  throw new UsageError(`--layout ${v}: unknown layout`, `use one of ${LAYOUTS.join(', ')}`);
}

export interface ExportTable {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

/** Compound surnames (复姓) that take two characters. */
const COMPOUND_SURNAMES = new Set(['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '轩辕', '令狐', '钟离', '端木', '独孤', '南宫', '西门']);
const CJK = /[\u3400-\u9fff]/;

/** First and last name: 王芳 → 芳 / 王 (欧阳修 → 修 / 欧阳); "Ann Marie Smith" → "Ann Marie" / "Smith". */
export function splitName(name: string | null | undefined): { first: string; last: string } {
  const n = (name ?? '').trim();
  if (!n) return { first: '', last: '' };
  if (CJK.test(n) && !/\s/.test(n)) {
    const surname = n.length > 2 && COMPOUND_SURNAMES.has(n.slice(0, 2)) ? n.slice(0, 2) : n.slice(0, 1);
    return { first: n.slice(surname.length), last: surname };
  }
  const parts = n.split(/\s+/);
  return parts.length === 1 ? { first: parts[0], last: '' } : { first: parts.slice(0, -1).join(' '), last: parts[parts.length - 1] };
}

/** Columns that describe a group the contact belongs to: they become the contact's tags. */
const TAG_COLUMNS = ['rfm_segment', 'segment', 'value_tier', 'kind', 'method', 'status'];

interface LayoutSpec {
  readonly email: string;
  readonly first?: string;
  readonly last?: string;
  /** One column for the whole name (Chinese tools). */
  readonly full?: string;
  readonly phone: string;
  readonly country?: string;
  readonly tags?: string;
  /** Reason and offer in one note column (Chinese tools), else they stay custom fields. */
  readonly note?: string;
  /** Headers of custom fields: code names, or labels in Chinese. */
  readonly customLang: ExportLang;
}

const SPECS: Readonly<Record<Exclude<Layout, 'clientele'>, LayoutSpec>> = {
  mailchimp: { email: 'Email Address', first: 'First Name', last: 'Last Name', phone: 'Phone Number', tags: 'Tags', customLang: 'en' },
  klaviyo: { email: 'Email', phone: 'Phone Number', first: 'First Name', last: 'Last Name', country: 'Country', customLang: 'en' },
  hubspot: { email: 'Email', first: 'First Name', last: 'Last Name', phone: 'Phone Number', country: 'Country/Region', customLang: 'en' },
  salesforce: { first: 'First Name', last: 'Last Name', email: 'Email', phone: 'Phone', country: 'Mailing Country', customLang: 'en' },
  wecom: { full: '姓名', phone: '手机号', email: '邮箱', tags: '标签', note: '备注', customLang: 'zh-CN' },
  youzan: { full: '姓名', phone: '手机号', email: '邮箱', tags: '标签', note: '备注', customLang: 'zh-CN' },
};

/**
 * A list (code-name headers) as a file for `layout`, headers in `lang` where the layout leaves them to us, numbers
 * rounded to what they mean (money to cents, probabilities to 4 places, never exponent notation).
 */
export function exportTable(t: ExportTable, o: { layout?: Layout; lang?: ExportLang } = {}): ExportTable {
  const layout = o.layout ?? 'clientele';
  const lang = o.lang ?? 'en';
  const rounded = t.rows.map((r) => r.map((v, i) => roundCell(t.headers[i], v)));
  if (layout === 'clientele') return { headers: t.headers.map((h) => columnHeader(h, lang)), rows: rounded };
  const spec = SPECS[layout];
  const at = (code: string) => t.headers.indexOf(code);
  const get = (r: readonly unknown[], code: string) => (at(code) < 0 ? null : r[at(code)]);
  const used = new Set(['name', 'email', 'phone', ...(spec.country ? ['country'] : []), ...(spec.note ? ['reason', 'offer'] : [])]);
  const custom = t.headers.filter((h) => !used.has(h));
  const fixed: Array<[string, (r: readonly unknown[]) => unknown]> = [];
  const name = (r: readonly unknown[]) => splitName(get(r, 'name') as string | null);
  const order: Array<keyof LayoutSpec> = ['email', 'first', 'last', 'full', 'phone', 'country', 'tags', 'note'];
  for (const k of order) {
    const header = spec[k];
    if (typeof header !== 'string' || k === 'customLang') continue;
    if (k === 'email') fixed.push([header, (r) => get(r, 'email')]);
    else if (k === 'first') fixed.push([header, (r) => name(r).first]);
    else if (k === 'last') fixed.push([header, (r) => name(r).last]);
    else if (k === 'full') fixed.push([header, (r) => get(r, 'name')]);
    else if (k === 'phone') fixed.push([header, (r) => get(r, 'phone')]);
    else if (k === 'country') fixed.push([header, (r) => get(r, 'country')]);
    else if (k === 'tags') fixed.push([header, (r) => TAG_COLUMNS.map((c) => get(r, c)).filter((v) => v !== null && v !== undefined && v !== '').join(',')]);
    else if (k === 'note') fixed.push([header, (r) => [get(r, 'reason'), get(r, 'offer')].filter((v) => v !== null && v !== undefined && v !== '').join('；')]);
  }
  const customIdx = custom.map((h) => at(h));
  return {
    headers: [...fixed.map(([h]) => h), ...custom.map((h) => columnHeader(h, spec.customLang))],
    rows: rounded.map((r) => [...fixed.map(([, f]) => f(r)), ...customIdx.map((i) => r[i])]),
  };
}
