import type { Command } from 'commander';
import type { Engine } from '../../engine/engine.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { print, printJson, withAnyStore } from '../context.js';
import { formatNumber, table } from '../format.js';
import { prose, t } from '../i18n/index.js';
import { writeExport } from '../csv.js';

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
    .summary(t('cmd.quarantine'))
    .option('--import <id>', t('quarantine.opt.import'))
    .option('--out <file>', t('quarantine.opt.out'))
    .option('--limit <n>', t('quarantine.opt.limit'), '20')
    .option('--warnings', t('quarantine.opt.warnings'))
    .option('--json', t('cli.json'))
    .action(async (o: { import?: string; out?: string; limit: string; json?: boolean; warnings?: boolean }) => {
      const importId = o.import === undefined ? null : Number(o.import);
      if (importId !== null && !Number.isInteger(importId)) throw new UsageError(t('quarantine.badImport', { value: o.import ?? '' }), t('quarantine.seeImports'));
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 0) throw new UsageError(t('quarantine.badLimit', { value: o.limit }));
      await withAnyStore(db(), async ({ engine }) => {
        if (importId !== null) {
          const found = await engine.query('SELECT 1 FROM imports WHERE import_id = $1', [importId]);
          if (!found.length) throw new NotFoundError(t('quarantine.noImport', { id: importId }), t('quarantine.seeImports'));
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
          const written = await writeExport(o.out, ['import_id', 'file', 'line', 'column', 'reason', 'original'], rows.map((r) => [r.import_id, r.file, r.line, r.column_name, prose(r.reason), r.raw]));
          if (o.json) printJson({ out: o.out, rows: written });
          else print(t('quarantine.written', { n: formatNumber(written), file: o.out }));
          return;
        }
        const rows = await engine.query<QuarantineRow>(`SELECT import_id, file, line, column_name, reason, raw FROM quarantine ${where} ORDER BY import_id, line LIMIT ${limit}`, params);
        if (o.json) {
          printJson({ total: n, reasons: reasons.map((r) => ({ reason: r.reason, count: r.n })), rows });
          return;
        }
        if (n === 0) {
          print(importId === null ? t('quarantine.empty') : t('quarantine.emptyImport', { id: importId }));
          return;
        }
        print(`${importId === null ? t('quarantine.count', { n: formatNumber(n) }) : t('quarantine.countImport', { n: formatNumber(n), id: importId })}\n`);
        print(table([t('quarantine.col.count'), t('quarantine.col.reason')], reasons.map((r) => [r.n, prose(r.reason)])));
        print('');
        print(table([t('quarantine.col.import'), t('quarantine.col.file'), t('quarantine.col.line'), t('quarantine.col.column'), t('quarantine.col.reason')], rows.map((r) => [r.import_id, r.file.split('/').pop()!, r.line, r.column_name, prose(r.reason)])));
        if (n > rows.length) print(`\n${t('quarantine.more', { n: formatNumber(n - rows.length) })}`);
        const [{ w }] = await engine.query<{ w: number }>(`SELECT count(*) AS w FROM import_warnings ${where}`, params);
        if (w > 0) print(`\n${t('quarantine.warningsHint', { n: formatNumber(w) })}`);
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
    const written = await writeExport(o.out, ['import_id', 'file', 'line', 'column', 'value', 'reason'], rows.map((r) => [r.import_id, r.file, r.line, r.column_name, r.value, prose(r.reason)]));
    if (o.json) printJson({ out: o.out, rows: written });
    else print(t('quarantine.warnings.wrote', { n: formatNumber(written), file: o.out }));
    return;
  }
  const rows = await engine.query<WarningRow>(`SELECT import_id, file, line, column_name, value, reason FROM import_warnings ${where} ORDER BY import_id, line LIMIT ${o.limit}`, params);
  if (o.json) {
    printJson({ total: n, reasons: reasons.map((r) => ({ reason: r.reason, count: r.n })), rows });
    return;
  }
  if (n === 0) {
    print(o.importId === null ? t('quarantine.warnings.none') : t('quarantine.warnings.noneIn', { id: o.importId }));
    return;
  }
  print(`${o.importId === null ? t('quarantine.warnings.title', { n: formatNumber(n) }) : t('quarantine.warnings.titleIn', { n: formatNumber(n), id: o.importId })}\n`);
  print(table([t('quarantine.col.count'), t('quarantine.col.reason')], reasons.map((r) => [r.n, prose(r.reason)])));
  print('');
  print(table([t('quarantine.col.import'), t('quarantine.col.file'), t('quarantine.col.line'), t('quarantine.col.column'), t('quarantine.col.value'), t('quarantine.col.reason')], rows.map((r) => [r.import_id, r.file.split('/').pop()!, r.line, r.column_name, r.value, prose(r.reason)])));
  if (n > rows.length) print(`\n${t('quarantine.warnings.more', { n: formatNumber(n - rows.length) })}`);
}
