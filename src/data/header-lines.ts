/**
 * Lines of a CSV file that are not records (scan.ts quarantines them): the header again, as files of several exports
 * joined have it, in the same or another column order; and the totals rows spreadsheets and exports write below a
 * table (合计, Total …). Small byte-level tests, cheap enough for every line of the scanner's fast path.
 */

/** Quarantine reasons of the lines that repeat the header (kept in English in the store; cli/i18n translates them). */
export const REPEATED_HEADER = 'a repeated header line (the column names again): not data';
export const REORDERED_HEADER = 'a repeated header line with the columns in another order: the lines after it were read by its order';

/**
 * Labels of a totals row, lower case with inner spaces collapsed (a final colon is left out before the lookup): what
 * spreadsheets and shop, ERP and bank exports write below a table, in Chinese (简/繁), English, Japanese, Korean and a
 * few European languages.
 */
const TOTALS_WORDS: ReadonlySet<string> = new Set([
  '合计', '合計', '总计', '總計', '小计', '小計', '共计', '共計', '总和', '總和', '汇总', '彙總', '匯總', '总合计', '总合計', '合计金额', '本页合计', '本页小计',
  '총계', '합계', '소계',
  'total', 'totals', 'subtotal', 'subtotals', 'sub-total', 'sub total', 'grand total', 'grandtotal', 'sum', 'overall total', 'total general', 'totale', 'gesamt', 'summe', 'insgesamt', 'gesamtsumme', 'totaal', 'totalt', 'suma', 'somme',
]);

/** A value that labels a totals row (`合计`, `Total:`, ` Grand  Total `). */
export function isTotalsLabel(v: string): boolean {
  const t = v.replace(/^\ufeff/, '').trim().toLowerCase().replace(/\s+/g, ' ').replace(/\s*[:：]$/, '');
  return t.length > 0 && t.length <= 20 && TOTALS_WORDS.has(t);
}

/** A value a totals row holds besides its label: empty, or a figure (a sign, separators, a currency sign, a %, brackets). */
export function totalsFigure(v: string): boolean {
  const t = v.trim().replace(/^[-+−(]+|[)%]+$/g, '').replace(/^[¥￥$€£]\s*|\s*[¥￥$€£元]$/g, '').replace(/^-/, '').replace(/[\s,.'’]/g, '');
  return t === '' || /^\d+$/.test(t);
}

/**
 * Bytes of field k of the record b[from..to) into `out` (inside the quotes if quoted; blanks and a final CR left
 * out; a byte-order mark before the first field too). False when the record has fewer fields. A cheap look, for the
 * few records that might be a header or a totals row: the record itself is parsed elsewhere.
 */
export function fieldAt(b: Uint8Array, from: number, to: number, D: number, k: number, out: { s: number; e: number }): boolean {
  let i = from;
  if (i + 2 < to && b[i] === 0xef && b[i + 1] === 0xbb && b[i + 2] === 0xbf) i += 3;
  for (let f = 0; ; f++) {
    while (i < to && (b[i] === 0x20 || b[i] === 0x09)) i++;
    let s: number;
    let e: number;
    if (i < to && b[i] === 0x22) {
      s = ++i;
      while (i < to && !(b[i] === 0x22 && b[i + 1] !== 0x22)) i += b[i] === 0x22 ? 2 : 1;
      e = i;
      while (i < to && b[i] !== D) i++;
    } else {
      s = i;
      while (i < to && b[i] !== D) i++;
      e = i;
    }
    while (e > s && (b[e - 1] === 0x20 || b[e - 1] === 0x09 || b[e - 1] === 0x0d)) e--;
    if (f === k) {
      out.s = s;
      out.e = e;
      return true;
    }
    if (i >= to) return false;
    i++;
  }
}

/** The header's names, to know a record that repeats them. */
export class HeaderNames {
  readonly names: readonly string[];
  /** Per byte length (256: longer), whether some name has it: most records are told apart by their first value's length. */
  private readonly lens = new Uint8Array(257);
  private readonly bytes: readonly Buffer[];
  constructor(names: readonly string[]) {
    this.names = names.map(clean);
    this.bytes = this.names.map((n) => Buffer.from(n, 'utf8'));
    for (const b of this.bytes) this.lens[Math.min(b.length, 256)] = 1;
  }
  /** Bytes b[from..to) are one of the names. */
  has(b: Uint8Array, from: number, to: number): boolean {
    const n = to - from;
    if (this.lens[Math.min(n, 256)] === 0) return false;
    next: for (const name of this.bytes) {
      if (name.length !== n) continue;
      for (let i = 0; i < n; i++) if (name[i] !== b[from + i]) continue next;
      return true;
    }
    return false;
  }
  hasText(v: string): boolean {
    return this.names.includes(clean(v));
  }
  /**
   * When `values` are the header's names in some order (a spare empty value at the end allowed): for each of the
   * header's columns, the index of its value. Null when they are not.
   */
  order(values: readonly string[]): number[] | null {
    let v = values;
    if (v.length === this.names.length + 1 && v[v.length - 1].trim() === '') v = v.slice(0, -1);
    if (v.length !== this.names.length) return null;
    const used = new Uint8Array(v.length);
    const order: number[] = [];
    for (const name of this.names) {
      let at = -1;
      for (let i = 0; i < v.length && at < 0; i++) if (used[i] === 0 && clean(v[i]) === name) at = i;
      if (at < 0) return null;
      used[at] = 1;
      order.push(at);
    }
    return order;
  }
}

export function clean(v: string): string {
  return v.replace(/^\ufeff/, '').trim();
}
