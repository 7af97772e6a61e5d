import type { Command } from 'commander';
import type { Engine } from '../../engine/engine.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { print, printJson, withStore } from '../context.js';
import { writeCsv } from '../../export/index.js';
import { formatNumber, table } from '../format.js';

interface QuarantineRow {
  import_id: number;
  file: string;
  line: number | null;
  column_name: string | null;
  reason: string;
  raw: string | null;
}

export function registerQuarantine(program: Command, db: () => string): void {
  program
    .command('quarantine')
    .summary('show or export rows that imports rejected, with their reasons')
    .option('--import <id>', 'only this import')
    .option('--out <file>', 'write every row to a CSV file (with the original values)')
    .option('--limit <n>', 'rows to show', '20')
    .option('--warnings', 'show the warnings instead: rows that loaded with a bad optional value left empty')
    .option('--json', 'print JSON')
    .action(async (o: { import?: string; out?: string; limit: string; json?: boolean; warnings?: boolean }) => {
      const importId = o.import === undefined ? null : Number(o.import);
      if (importId !== null && !Number.isInteger(importId)) throw new UsageError(`--import ${o.import}: expected an import number`, 'see them with: clientele imports');
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 0) throw new UsageError(`--limit ${o.limit}: expected a whole number`);
      await withStore(db(), async (engine) => {
        if (importId !== null) {
          const found = await engine.query('SELECT 1 FROM imports WHERE import_id = $1', [importId]);
          if (!found.length) throw new NotFoundError(`there is no import #${importId}`, 'see them with: clientele imports');
        }
        const where = importId === null ? '' : 'WHERE import_id = $1';
        const params = importId === null ? [] : [importId];
        if (o.warnings) {
          await showWarnings(engine, { where, params, importId, limit, out: o.out, json: o.json });
          return;
        }
        const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM quarantine ${where}`, params);
        const reasons = await engine.query<{ reason: string; n: number }>(
          `SELECT regexp_replace(regexp_replace(reason, '^"[^"]*" is', 'value is'), 'of line [0-9]+$', 'of an earlier line') AS reason, count(*) AS n FROM quarantine ${where} GROUP BY 1 ORDER BY n DESC`,
          params,
        );
        if (o.out) {
          const rows = await engine.query<QuarantineRow>(`SELECT import_id, file, line, column_name, reason, raw FROM quarantine ${where} ORDER BY import_id, line`, params);
          const written = await writeCsv(o.out, ['import_id', 'file', 'line', 'column', 'reason', 'original'], rows.map((r) => [r.import_id, r.file, r.line, r.column_name, r.reason, r.raw]));
          if (o.json) printJson({ out: o.out, rows: written });
          else print(`Wrote ${formatNumber(written)} quarantined rows to ${o.out}`);
          return;
        }
        const rows = await engine.query<QuarantineRow>(`SELECT import_id, file, line, column_name, reason, raw FROM quarantine ${where} ORDER BY import_id, line LIMIT ${limit}`, params);
        if (o.json) {
          printJson({ total: n, reasons: reasons.map((r) => ({ reason: r.reason, count: r.n })), rows });
          return;
        }
        if (n === 0) {
          print(importId === null ? 'The quarantine is empty: every row read was loaded.' : `Import #${importId} quarantined nothing.`);
          return;
        }
        print(`${formatNumber(n)} quarantined rows${importId === null ? '' : ` in import #${importId}`}\n`);
        print(table(['count', 'reason'], reasons.map((r) => [r.n, r.reason])));
        print('');
        print(table(['import', 'file', 'line', 'column', 'reason'], rows.map((r) => [r.import_id, r.file.split('/').pop()!, r.line, r.column_name, r.reason])));
        if (n > rows.length) print(`\n… ${formatNumber(n - rows.length)} more. Export them all with --out quarantine.csv`);
        const [{ w }] = await engine.query<{ w: number }>(`SELECT count(*) AS w FROM import_warnings ${where}`, params);
        if (w > 0) print(`\n${formatNumber(w)} rows loaded with a bad optional value left empty: clientele quarantine --warnings`);
      });
    });
}

interface WarningRow {
  import_id: number;
  file: string;
  line: number | null;
  column_name: string | null;
  value: string | null;
  reason: string;
}

/** Bad values of optional fields: the rows loaded with the field empty; the value and reason are kept here. */
async function showWarnings(
  engine: Engine,
  o: { where: string; params: number[]; importId: number | null; limit: number; out?: string; json?: boolean },
): Promise<void> {
  const { where, params } = o;
  const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM import_warnings ${where}`, params);
  const reasons = await engine.query<{ reason: string; n: number }>(
    `SELECT regexp_replace(reason, '^"[^"]*" is', 'value is') AS reason, count(*) AS n FROM import_warnings ${where} GROUP BY 1 ORDER BY n DESC, 1`,
    params,
  );
  if (o.out) {
    const rows = await engine.query<WarningRow>(`SELECT import_id, file, line, column_name, value, reason FROM import_warnings ${where} ORDER BY import_id, line`, params);
    const written = await writeCsv(o.out, ['import_id', 'file', 'line', 'column', 'value', 'reason'], rows.map((r) => [r.import_id, r.file, r.line, r.column_name, r.value, r.reason]));
    if (o.json) printJson({ out: o.out, rows: written });
    else print(`Wrote ${formatNumber(written)} warnings to ${o.out}`);
    return;
  }
  const rows = await engine.query<WarningRow>(`SELECT import_id, file, line, column_name, value, reason FROM import_warnings ${where} ORDER BY import_id, line LIMIT ${o.limit}`, params);
  if (o.json) {
    printJson({ total: n, reasons: reasons.map((r) => ({ reason: r.reason, count: r.n })), rows });
    return;
  }
  if (n === 0) {
    print(o.importId === null ? 'No warnings: no row loaded with a value left out.' : `Import #${o.importId} has no warnings.`);
    return;
  }
  print(`${formatNumber(n)} rows loaded with a bad optional value left empty${o.importId === null ? '' : ` in import #${o.importId}`}\n`);
  print(table(['count', 'reason'], reasons.map((r) => [r.n, r.reason])));
  print('');
  print(table(['import', 'file', 'line', 'column', 'value', 'reason'], rows.map((r) => [r.import_id, r.file.split('/').pop()!, r.line, r.column_name, r.value, r.reason])));
  if (n > rows.length) print(`\n… ${formatNumber(n - rows.length)} more. Export them all with --warnings --out warnings.csv`);
}
