import { csvStream, exportTable, type CsvTable } from '../../export/index.js';
import { audit, type AuditAction } from '../audit.js';
import type { AppContext, ServerState } from '../route.js';

/**
 * A CSV attachment, streamed as the client reads it. Analysts and admins only: exports carry contact fields. The
 * file name is the program's, never the client's.
 */
export function csvDownload(c: AppContext, fileName: string, t: CsvTable): Response {
  c.header('Content-Disposition', `attachment; filename="${fileName}"`);
  // Numbers rounded to what they mean (money to cents, probabilities to 4 places), as the CLI's --out files.
  const e = exportTable(t);
  return c.body(csvStream(e.headers, e.rows), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
}

/** An export: audited as `action` with `target` and the rows written (and opted out, where counted), then downloaded. */
export async function auditedCsv(c: AppContext, s: ServerState, o: { file: string; action: AuditAction; target: string }, t: CsvTable & { readonly optedOut?: number }): Promise<Response> {
  const u = s.user(c);
  await s.write(() => audit(s.engine, u, o.action, `${o.target} (${t.rows.length} rows${t.optedOut === undefined ? '' : `, ${t.optedOut} opted out`})`));
  return csvDownload(c, o.file, t);
}
