/** Plain-text output for people: aligned tables that respect the width of Chinese characters. */

/** Display width: East Asian wide characters take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) ? 2 : 1;
  }
  return w;
}

function pad(s: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
}

export type Cell = string | number | null | undefined;

/** A table with a header rule; numbers are right-aligned and grouped. */
export function table(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = rows.map((r) => r.map(cellText));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => r[i] === null || r[i] === undefined || typeof r[i] === 'number'));
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...text.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: readonly string[]) => cells.map((c, i) => pad(c, widths[i], numeric[i])).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...text.map(line)].join('\n');
}

export function cellText(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return formatNumber(v);
  return terminalText(v, false);
}

/**
 * Characters a terminal acts on rather than shows: C0 controls (ESC starts a sequence that can hide the rest of a
 * line, clear the screen or retitle the window; CR overwrites the line), DEL, C1 controls (U+009B is a CSI), and the
 * bidirectional marks, overrides and isolates that reorder what is shown. A hostile file can put them in any id.
 */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const CONTROLS_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
/** What JSON.stringify leaves raw of those (it escapes C0 itself). */
const JSON_RAW = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** One character as an escape a reader can see and look up: `\x1b`, `\u202e`. */
export function escapeChar(c: string): string {
  const n = c.codePointAt(0)!;
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
}

/**
 * Text from the data made safe to print: every control character shown escaped (`C2\x1b[8mhidden`). With `lines`
 * (the default, for whole blocks of output) tabs and line breaks are kept; a table cell keeps none (a line break
 * would break the table).
 */
export function terminalText(s: string, lines = true): string {
  return s.replace(lines ? CONTROLS_BUT_LINES : CONTROLS, escapeChar);
}

/** JSON text with the controls JSON.stringify leaves raw written as `\u` escapes: the same JSON value, inert on a terminal. */
export function terminalJson(json: string): string {
  return json.replace(JSON_RAW, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

export function formatNumber(n: number, digits?: number): string {
  if (!Number.isFinite(n)) return String(n);
  const d = digits ?? (Number.isInteger(n) ? 0 : Math.abs(n) >= 100 ? 0 : 2);
  return n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

export function formatPercent(share: number, digits = 1): string {
  return `${(share * 100).toFixed(digits)}%`;
}

/** Label/value lines, labels aligned. */
export function keyValues(pairs: ReadonlyArray<readonly [string, string]>): string {
  const w = Math.max(...pairs.map(([k]) => displayWidth(k)));
  return pairs.map(([k, v]) => `  ${pad(k, w, false)}  ${v}`).join('\n');
}
