/**
 * The zh-CN scan (#18.1): a page shown in 简体中文 may hold Latin letters only where they are names, not words —
 * ids, units and currency codes, values from the user's own data (product names, countries), and the terms the
 * method itself uses (RFM, CLV, the published model names). Everything else is English that should be Chinese.
 */

/** Terms kept in Latin letters in Chinese text, as Chinese CRM writing does. */
export const ZH_TERMS = new Set([
  'RFM', 'R', 'F', 'M', 'CLV', 'Clientele',
  // matrix cells I–IV (当前价值 × 长期价值)
  'I', 'II', 'III', 'IV',
  // published model names and the notation of their formulas
  'BG', 'NBD', 'Pareto', 'MBG', 'sBG', 'exp', 'max',
  // currency symbols that carry letters (US$, CN¥, HK$) and CSV as a file type
  'US', 'CN', 'HK', 'CSV',
]);

export interface ScanAllow {
  /** Extra single tokens, e.g. role names the login needs (admin). */
  readonly terms?: Iterable<string>;
  /** Whole tokens matching one of these are ids (e.g. /^CU\d+$/). */
  readonly ids?: readonly RegExp[];
  /** Strings from the data (product names, countries, cities): removed (as whole words) before the scan, longest first. */
  readonly values?: Iterable<string>;
}

/** Every run of Latin letters in `text` that is not allowed, with 30 characters either side. */
export function latinRuns(text: string, allow: ScanAllow = {}): string[] {
  const terms = new Set([...ZH_TERMS, ...(allow.terms ?? [])]);
  const ids = allow.ids ?? [];
  let t = text;
  const values = [...new Set(allow.values ?? [])].filter((v) => /[A-Za-z]/.test(v)).sort((a, b) => b.length - a.length);
  // Whole words only: a credit rating "A" must not hide the A of "At Risk".
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const v of values) t = t.replace(new RegExp(`(?<![A-Za-z0-9_])${esc(v)}(?![A-Za-z0-9_])`, 'g'), ' ');
  const out = new Map<string, string>();
  for (const m of t.matchAll(/[A-Za-z][A-Za-z0-9]*(?:[_.\-/'][A-Za-z0-9]+)*/g)) {
    const tok = m[0];
    if (out.has(tok) || terms.has(tok) || ids.some((r) => r.test(tok))) continue;
    if (tok.split(/[-/]/).every((p) => terms.has(p))) continue; // BG/NBD, Pareto/NBD
    out.set(tok, `${tok}  in  …${t.slice(Math.max(0, m.index - 30), m.index + tok.length + 30).replace(/\s+/g, ' ')}…`);
  }
  return [...out.values()];
}
