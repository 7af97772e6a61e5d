/**
 * Units in a column's name that multiply its figures: `合同金额(万元)` holds ten-thousands of yuan, `Revenue (in
 * millions)` millions, `Sales ($000)` thousands. A unit that only names the currency (`单价(元)`, `Price [USD]`) is no
 * multiplier; the importer sets it aside. Only units no other reading shares are taken: `(m)` may be metres and
 * `(M)` months, so a bare m is not a million (but `$m`, `€m`, `mn`, `mio` are).
 */

/** The multiplier a column's name gives its figures, and the unit as written; null when the figures are as written. */
export interface UnitScale {
  readonly factor: number;
  readonly unit: string;
}

const CURRENCY = '(?:元|人民币|rmb|cny|usd|eur|gbp|hkd|jpy|chf|aud|cad|[$€£¥￥])?';
const SEP = '[\\s.]*';

/** Multiplier words, each with its factor; tried on a note's text (NFKC, lower case), currency allowed either side. */
const WORDS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^(?:亿|億)$/, 1e8],
  [/^(?:千万|千萬)$/, 1e7],
  [/^(?:百万|百萬)$/, 1e6],
  [/^(?:十万|十萬)$/, 1e5],
  [/^(?:万|萬)$/, 1e4],
  [/^千$/, 1e3],
  [/^(?:bn|bln|billions?|mrd|milliarden?)$/, 1e9],
  [/^(?:mn|mm|mio|millions?|millionen)$/, 1e6],
  [/^(?:k|thousands?|tsd|tausend|'?000s?|,000s?)$/, 1e3],
];

/** `in millions`, `in 000s`, `$ in thousands`, `单位：万元`, `单位:千元`: the words around the multiplier. */
const FRAME = /^(?:单位|單位|unit|units)?[:：\s]*(?:in|en)?\s*/;

function factorOf(note: string): number | null {
  let s = note.normalize('NFKC').toLowerCase().trim();
  s = s.replace(FRAME, '');
  // A currency before or after, with or without a space (`$000`, `€m`, `千元`, `万元人民币`, `usd k`, `k€`).
  const bare = s.replace(new RegExp(`^${CURRENCY}${SEP}`), '').replace(new RegExp(`${SEP}${CURRENCY}$`), '').trim();
  for (const [re, f] of WORDS) if (re.test(bare)) return f;
  // `$m`, `€m`: a bare m is a million only with a currency sign beside it.
  if (/^[$€£¥]\s*m$|^m\s*[$€£¥]$/.test(s)) return 1e6;
  // TEUR, kUSD (German and SAP reports): thousands of the currency.
  if (/^[tk](?:eur|usd|chf|gbp|cny|rmb)$/.test(s)) return 1e3;
  return null;
}

const NOTE = /\(([^()]*)\)|\[([^\]]*)\]|【([^】]*)】|〔([^〕]*)〕|<([^>]*)>|《([^》]*)》/g;

/**
 * The multiplier of a column's name: a note in brackets (`(万元)`, `[in millions]`, `（千元）`, `($000)`), or a name
 * that ends in one after a separator (`合同金额/万元`, `Revenue, in thousands`, `Sales in millions`).
 */
export function unitScale(column: string): UnitScale | null {
  const name = column.normalize('NFKC');
  for (const m of name.matchAll(NOTE)) {
    const text = m.slice(1).find((g) => g !== undefined) ?? '';
    const f = factorOf(text);
    if (f !== null) return { factor: f, unit: m[0] };
  }
  const tail = /(?:[/_,;:：|-]\s*|\s+)((?:in\s+)?[^\s/_,;:：|-]+)$/.exec(name) ?? /(?:in\s+)(\S+)$/i.exec(name);
  if (tail) {
    const words = tail[1];
    // A tail is a unit only when it reads as one alone (`in thousands`, `万元`, `$m`), never a word of the name.
    const f = /^in\s/i.test(words) || /[/_,;:：|-]/.test(tail[0][0]) ? factorOf(words) : /^(?:万元|千元|百万元|亿元|萬元|億元)$/.test(words) ? factorOf(words) : null;
    if (f !== null) return { factor: f, unit: words };
  }
  return null;
}
