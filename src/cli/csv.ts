import type { Command } from 'commander';
import { LAYOUTS, exportTable, parseLayout, writeCsv } from '../export/index.js';
import { getLang, t } from './i18n/index.js';

// The CSV writer lives in src/export (shared with the server); kept here for the commands that import it.
export { csvCell, writeCsv } from '../export/index.js';

/**
 * Writes an exported list (code-name headers) to `path` in the file layout of `--layout` (default ours), headers
 * in the CLI's language, numbers rounded to what they mean. Returns the number of rows.
 */
export async function writeExport(path: string, headers: readonly string[], rows: readonly (readonly unknown[])[], layout?: string): Promise<number> {
  const e = exportTable({ headers, rows }, { layout: parseLayout(layout), lang: getLang() });
  return writeCsv(path, e.headers, e.rows);
}

/** The `--layout <tool>` option of every command that writes a contact list. */
export function layoutOption(c: Command): Command {
  return c.option('--layout <tool>', t('export.opt.layout', { layouts: LAYOUTS.join(', ') }));
}
