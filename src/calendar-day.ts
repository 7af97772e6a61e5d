/**
 * A calendar day written YYYY-MM-DD. `Date.parse` reads a day past its month's end (2024-02-30) as the next month's
 * (QA session 9, M1), so a day is one only when it reads back as written. Shared by every option and parameter
 * that takes a day (--as-of, --from, --to, --sent-at, ?asOf=).
 */
export function isCalendarDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const ms = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === s;
}
