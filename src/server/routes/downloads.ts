import { csvStream, type CsvTable } from '../../export/index.js';
import type { AppContext } from '../route.js';

/**
 * A CSV attachment, streamed as the client reads it. Analysts and admins only: exports carry contact fields. The
 * file name is the program's, never the client's.
 */
export function csvDownload(c: AppContext, fileName: string, t: CsvTable): Response {
  c.header('Content-Disposition', `attachment; filename="${fileName}"`);
  return c.body(csvStream(t.headers, t.rows), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
}
