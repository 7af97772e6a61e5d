/**
 * Test support for the zh-CN scans (zh-scan.test.ts, i18n/thrown-zh.test.ts): the runs of Latin letters left in a
 * text that should be Chinese, except what the allow-list names: values from the data, commands, options and
 * values the user types, file names, and the terms a Chinese marketer reads as they are (RFM, CLV, NPS, AUC …).
 */
import { NON_PRODUCTS } from '../../act/index.js';
import { FIELDS } from '../../segment/index.js';
import { PRESETS } from '../../data/presets.js';

/** Terms, units, names of models and papers, and code a user types (options' values, rule language), kept as they are. */
export const ALLOWED_WORDS = new Set<string>([...NON_PRODUCTS, ...Object.keys(FIELDS)]);
/** Values users type in rules and options: stored RFM segment names, presets. */
const TYPED = ['Client No', 'At Risk', "Can't Lose", 'Potential Loyalist', 'Need Attention', 'About to Sleep', 'No Purchase', ...PRESETS.map((p) => p.name)];
for (const w of (
  `RFM CLV NPS AUC MAN IV III II ID CSV JSON HTML SVG PNG xlsx API HTTP URL UTC OpenAPI DuckDB ClickHouse Chromium chromium Debian Bearer TLS UTF GB Parquet Brier L2
   BG NBD sBG DERL Pareto MBG Gamma Sherden Gupta Lehmann Reichheld Sasser Fader Hardie Lee Schmittlein Morrison Colombo Batislam Denizel Filiztekin
   YYYY YY MM DD HH hh mm ss HHMM Mon Month Excel WPS xls Lines Hessian CNY USD EUR GBP KB MB ms logit exp ln max min Kidhome Teenhome Ctrl LC_ALL LANG CLIENTELE_DB CLIENTELE_DEBUG Mnt Recency InvoiceNo StockCode
   en zh CN auto iso utf utf8 gb18030 gbk tab whitespace none rfm saved premium mid budget high medium low day week month bgnbd pareto nbd mbgnbd gamma
   leads non buyers customers both either tier iv champions admin analyst viewer clientele mailchimp klaviyo hubspot salesforce wecom youzan
   and or not in between is null contains true false duration oneTimeGapDays b2b favouredIndustries unit_cost margin_rate referred_by
   orders products service costs payments surveys invoices alpha bfgs ISO DATE GET CRM UCI CDNOW CD YYYYMMDD gb`.split(/\s+/)
)) ALLOWED_WORDS.add(w);

/** Strips what the allow-list permits; returns the Latin runs that are left, with their line. */
export function leftovers(text: string, dataValues: readonly string[], extra: readonly string[] = []): string[] {
  let s = text;
  for (const v of TYPED) s = s.split(v).join(' ');
  s = s
    .replace(/[\w.\-/]*\/[\w.\-/]*|[^\s，。：（）、；"“”]+\.(?:csv|html|duckdb|json|svg|png|txt)\b/g, ' ') // paths and file names
    .replace(/^ {2}[a-z][\w-]*(?: \[[^\]]*\]| <[^>]*>)* {2,}/gm, ' ') // command and argument names in help lists
    .replace(/（默认：[^）]*）/g, ' ') // default values of options
    .replace(/clientele(?: [\w.:=\-"'/<>|,*]+)*/g, ' ') // a command line the user types
    .replace(/`[^`]*`/g, ' ') // code in backticks
    .replace(/--?[a-zA-Z][\w-]*(?:[= ]"[^"]*")?/g, ' ') // options
    .replace(/<[^>]*>/g, ' ') // option placeholders
    .replace(/\$?[A-Z_]{3,}/g, (m) => (ALLOWED_WORDS.has(m.replace(/^\$/, '')) ? ' ' : m))
    .replace(/[\w.\-/]*\/[\w.\-/]*|[^\s，。：（）、；"“”]+\.(?:csv|html|duckdb|json|svg|png|txt)\b/g, ' ') // paths and file names
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\b[A-Z]{1,4}\d+\b/g, ' ') // ids such as CU000123
    .replace(/\b(?:attributes|rfm|value|flags)(?:\.\w+|\."[^"]*"|\["[^"]*"\])/g, ' ') // rule-language fields (an attribute's name may be quoted)
    .replace(/\b[a-z]+_[a-z_]+\b/g, ' ') // rule-language and config field names (last_purchase …)
    .replace(/-\d+[dwmy]\b/g, ' ');
  // What the user typed, echoed back (segment names, rules, a mistyped command), longest first.
  for (const v of [...extra].sort((a, b) => b.length - a.length)) s = s.split(v).join(' ');
  // Values from the data, as whole words (a data value "at" must not hide the English word "at").
  const present = dataValues.filter((v) => s.includes(v));
  for (const v of present) s = s.replace(new RegExp(`(?<![A-Za-z])${v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z])`, 'g'), ' ');
  const out: string[] = [];
  for (const line of s.split('\n')) {
    for (const m of line.matchAll(/[A-Za-z]{2,}/g)) if (!ALLOWED_WORDS.has(m[0]) && !DATA_WORDS.has(m[0])) out.push(`${m[0]}  ←  ${line.trim().slice(0, 160)}`);
  }
  return out;
}

/** Words of names in the data (products, categories, places, industries): they may be shown in parts. */
export const DATA_WORDS = new Set<string>();

