import { createWriteStream } from 'node:fs';
import type { ClusterStore } from '../../engine/clickhouse/cluster-store.js';
import type { RemoveReport } from '../../data/remove.js';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, join, resolve, sep } from 'node:path';
import { listImports, quarantinePage, storeCounts, warningsPage } from '../../catalog/index.js';
import { ENTITY_NAMES, isEntityName } from '../../data/entities.js';
import { importFiles, type ImportReport } from '../../data/import.js';
import { dateFormatOption, encodingOption, ENCODINGS } from '../../data/import-options.js';
import { parseMapOptions } from '../../data/mapping.js';
import type { Delimiter } from '../../data/sniff.js';
import { ImportError, UsageError } from '../../errors.js';
import { audit } from '../audit.js';
import { translateCore } from '../../cli/i18n/index.js';
import { zhCN } from '../../cli/i18n/zh-CN.js';
import { errorLanguage, HttpError } from '../errors.js';
import { MASK, maskReason } from '../mask.js';
import { PAGE_PARAMS, S } from '../openapi.js';
import { dateFormatQuery, enumQuery, intQuery, paging, stringQuery } from '../params.js';
import type { AppContext, RouteSpec } from '../route.js';
import { makeWorkDir } from '../../data/work-dir.js';

const DELIMITERS: Record<string, 'auto' | Delimiter> = { auto: 'auto', comma: ',', semicolon: ';', tab: '\t', pipe: '|', whitespace: 'whitespace' };

/**
 * A name for the uploaded file inside its own fresh folder: the client's name is only a label, cut to its last
 * part and to letters, digits and . _ - so it can never point outside that folder.
 */
export function safeFileName(name: string | undefined): string {
  const last = (name ?? '').split(/[/\\]/).pop() ?? '';
  const clean = last.replace(/[^\p{L}\p{N}._-]/gu, '_').replace(/^[.]+/, '').slice(0, 100);
  return clean === '' ? 'upload' : clean;
}

/** Streams the request body to a temporary file, stopping with 413 at `limit` bytes. */
async function receive(c: AppContext, limit: number, name: string): Promise<{ dir: string; path: string; bytes: number }> {
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (declared > limit) throw new HttpError(413, `the file is larger than the limit of ${limit} bytes`);
  if (/^multipart\//i.test(c.req.header('content-type') ?? '')) throw new HttpError(415, 'send the file itself as the body (e.g. application/octet-stream or text/csv), not a multipart form');
  const body = c.req.raw.body;
  if (!body) throw new UsageError('the body is empty: send the file as the request body');
  const dir = await makeWorkDir('upload');
  const path = join(dir, name);
  if (!resolve(path).startsWith(resolve(dir) + sep)) throw new UsageError('bad file name');
  const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
  let bytes = 0;
  try {
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > limit) {
        await reader.cancel().catch(() => undefined);
        throw new HttpError(413, `the file is larger than the limit of ${limit} bytes`);
      }
      if (!out.write(value)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  } catch (e) {
    out.destroy();
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  if (bytes === 0) {
    await rm(dir, { recursive: true, force: true });
    throw new UsageError('the body is empty: send the file as the request body');
  }
  return { dir, path, bytes };
}

/** The report without the server's temporary paths: files are named as the client named them (a workbook's sheet kept: `book.xlsx [Orders]`). */
function scrub(r: ImportReport, path: string, name: string): ImportReport {
  return { ...r, files: r.files.map((f) => ({ ...f, file: f.file.startsWith(path) ? name + f.file.slice(path.length) : name })) };
}

/**
 * The report's sentences (notes, quarantine and warning reasons) in the client's language: Chinese when its
 * Accept-Language puts zh first (the dashboard sends its page's), as the CLI prints them.
 */
function localize(r: ImportReport, lang: 'en' | 'zh'): ImportReport {
  if (lang === 'en') return r;
  const zh = (s: string) => translateCore(s, 'zh-CN');
  const fieldLabel = (f: string) => (zhCN as Record<string, string>)[`datafield.${r.entity}.${f}`] ?? (zhCN as Record<string, string>)[`datafield.${f}`] ?? f;
  return {
    ...r,
    files: r.files.map((f) => ({
      ...f,
      // Each matched field by its label too (the dashboard shows it); `field` stays the code.
      matched: f.matched.map((m) => ({ ...m, label: fieldLabel(m.field) })),
      notes: f.notes.map(zh),
      reasons: f.reasons.map((x) => ({ ...x, reason: zh(x.reason) })),
      warnings: f.warnings.map((x) => ({ ...x, reason: zh(x.reason) })),
    })),
  };
}

const IMPORT_PARAMS = [
  { name: 'entity', in: 'query', required: true, schema: { type: 'string', enum: [...ENTITY_NAMES] } },
  { name: 'filename', in: 'query', schema: S.str, description: 'The original file name, as a label only (it never becomes a path)' },
  { name: 'preset', in: 'query', schema: S.str },
  { name: 'map', in: 'query', schema: S.arr(S.str), description: 'field=Column, repeatable' },
  { name: 'encoding', in: 'query', schema: { type: 'string', enum: Object.keys(ENCODINGS) } },
  { name: 'delimiter', in: 'query', schema: { type: 'string', enum: Object.keys(DELIMITERS) } },
  { name: 'dateFormat', in: 'query', schema: S.str, description: 'auto, iso, or a format such as DD/MM/YYYY or YYYY年MM月DD日 HH:mm; a bad one is a 400' },
  { name: 'sheet', in: 'query', schema: S.str, description: 'Only this sheet of an .xlsx workbook (default: every sheet)' },
  { name: 'append', in: 'query', schema: S.bool, description: 'Import even when the file shares no id and no dates with the store (otherwise refused as another data set, 422)' },
] as const;

/** Undoes an import on a ClickHouse store: its partition leaves every shard, then its rows the companion; the facts follow. */
async function removeFromCluster(cluster: ClusterStore, id: number): Promise<RemoveReport> {
  const { removeClusterImport, refreshClusterFacts } = await import('../../engine/clickhouse/cluster-store.js');
  const removed = await removeClusterImport(cluster, id);
  await refreshClusterFacts(cluster);
  return removed;
}

export const dataRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/imports',
    access: 'viewer',
    tag: 'data',
    summary: 'Past imports and the row count of every table',
    response: { description: 'Imports', schema: S.obj({ imports: S.arr(S.any), store: S.any }) },
    handler: async (c, s) => {
      const { imports, store } = await s.read(async (view) => ({ imports: await listImports(view), store: await storeCounts(view) }));
      // On a ClickHouse store the order lines are on the cluster (the companion's table is empty).
      if (s.options.cluster) store.orders = await s.options.cluster.lines.lineCount();
      return c.json({ imports: imports.map((i) => ({ ...i, file: basename(i.file), finished_at: new Date(i.finished_at).toISOString() })), store });
    },
  },
  {
    method: 'post',
    path: '/api/imports',
    access: 'analyst',
    tag: 'data',
    summary: 'Upload one file (the raw body, streamed) and import it: every row is loaded or quarantined',
    params: IMPORT_PARAMS,
    errors: [413, 415, 422],
    body: { contentType: 'application/octet-stream', schema: { type: 'string', contentMediaType: 'application/octet-stream' }, description: 'The file: CSV (UTF-8 or GB18030), Excel .xlsx, Parquet, JSON lines or a JSON array of objects, up to the configured limit (200 MB by default)' },
    response: { description: 'What was imported', schema: S.any },
    handler: async (c, s) => {
      const entity = stringQuery(c, 'entity', { max: 32, required: true })!;
      if (!isEntityName(entity)) throw new UsageError(`entity "${entity.slice(0, 32)}": use one of ${ENTITY_NAMES.join(', ')}`);
      const preset = stringQuery(c, 'preset', { max: 64 });
      const maps = c.req.queries('map') ?? [];
      if (maps.length > 100 || maps.some((m) => m.length > 300)) throw new UsageError('map: at most 100 field=Column pairs of 300 characters');
      const map = parseMapOptions(maps);
      // Every option is checked before the body is read: a bad one is a 400 with what is allowed (src/data/import-options.ts).
      const encoding = encodingOption(stringQuery(c, 'encoding', { max: 32 }) ?? 'auto');
      const delimiter = DELIMITERS[enumQuery(c, 'delimiter', Object.keys(DELIMITERS), 'auto')];
      const dateFormat = dateFormatOption(stringQuery(c, 'dateFormat', { max: 64 }) ?? 'auto');
      const sheet = stringQuery(c, 'sheet', { max: 200 });
      const name = safeFileName(stringQuery(c, 'filename', { max: 1000 }));
      const append = enumQuery(c, 'append', ['true', 'false', '1', '0'] as const, 'false');
      const u = s.user(c);
      const file = await receive(c, s.options.maxUploadBytes, name);
      try {
        const report = await s.write(async () => {
          try {
            const r = await importFiles(s.engine, { entity, files: [file.path], ...(preset ? { preset } : {}), ...(sheet !== undefined ? { sheet } : {}), map, encoding, delimiter, dateFormat, ...(append === 'true' || append === '1' ? { append: true } : {}) });
            const cluster = s.options.cluster;
            if (cluster) {
              // A ClickHouse store: the accepted lines go to the cluster as this import, all or none (as `clientele
              // import` sends them), and the facts are then the cluster's.
              const { moveImportsToCluster, refreshClusterFacts } = await import('../../engine/clickhouse/cluster-store.js');
              await moveImportsToCluster(cluster, entity === 'orders' ? r.importIds : []);
              if (entity === 'orders' || entity === 'products') await refreshClusterFacts(cluster);
            }
            await audit(s.engine, u, 'import', `${entity}: ${name} (${r.importIds.length ? `#${r.importIds.join(', #')}` : 'nothing new'})`);
            return r;
          } finally {
            s.changed();
          }
        });
        return c.json(localize(scrub(report, file.path, name), errorLanguage(c.req.header('accept-language'))));
      } catch (e) {
        if (e instanceof ImportError) throw new ImportError(e.message.replaceAll(file.path, name).replaceAll(file.dir, ''), name, e.hint, e.line, e.column);
        throw e;
      } finally {
        await rm(file.dir, { recursive: true, force: true });
      }
    },
  },
  {
    method: 'delete',
    path: '/api/imports/{id}',
    access: 'analyst',
    tag: 'data',
    summary: 'Remove one import (audited): its rows and quarantine; rows it replaced come back; derived figures are recomputed when next needed',
    params: [{ name: 'id', in: 'path', required: true, schema: S.int }],
    errors: [404],
    response: { description: 'What was removed', schema: S.any },
    handler: async (c, s) => {
      const raw = c.req.param('id') ?? '';
      const id = /^[1-9][0-9]{0,15}$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isSafeInteger(id)) throw new UsageError(`import "${raw.slice(0, 20)}": expected an import number`);
      const u = s.user(c);
      const r = await s.write(async () => {
        try {
          const { removeImport } = await import('../../data/remove.js');
          const removed = s.options.cluster ? await removeFromCluster(s.options.cluster, id) : await removeImport(s.engine, id);
          await audit(s.engine, u, 'import.remove', `#${id} ${removed.entity}: ${basename(removed.file)}`);
          return removed;
        } finally {
          s.changed();
        }
      });
      return c.json({ ...r, file: basename(r.file) });
    },
  },
  {
    method: 'get',
    path: '/api/settings',
    access: 'viewer',
    tag: 'data',
    summary: 'The settings saved in the store (clientele config): margin-rate, cost-per-order, lost-after, currency (ISO 4217), thresholds',
    response: { description: 'Saved settings by key; a key that is absent has its default', schema: S.any },
    handler: async (c, s) => {
      const { readSettings } = await import('../../value/settings.js');
      return c.json(await s.read((view) => readSettings(view)));
    },
  },
  {
    method: 'get',
    path: '/api/quarantine',
    access: 'viewer',
    tag: 'data',
    summary: 'Rows imports rejected, with reasons, paged, and the warnings of rows loaded with a bad optional value left empty (original lines and values are masked for viewers)',
    params: [...PAGE_PARAMS, { name: 'import', in: 'query', schema: S.int }],
    errors: [404],
    response: { description: 'A page of quarantined rows and one of warnings', schema: S.obj({ total: S.int, page: S.int, pageSize: S.int, reasons: S.arr(S.any), rows: S.arr(S.any), warnings: S.any }) },
    handler: async (c, s) => {
      const p = paging(c);
      const importId = c.req.query('import') ? intQuery(c, 'import', { min: 0, max: Number.MAX_SAFE_INTEGER, default: 0 }) : null;
      const q = await s.read((view) => quarantinePage(view, { importId, limit: p.limit, offset: p.offset }));
      const viewer = s.user(c).role === 'viewer';
      // Reasons in the client's language (Accept-Language), once masked for viewers.
      const lang = errorLanguage(c.req.header('accept-language'));
      const said = (reason: string) => (lang === 'zh' ? translateCore(reason, 'zh-CN') : reason);
      // Raw lines hold whatever the file held, names and emails included.
      const rows = q.rows.map((r) => ({ ...r, file: basename(r.file), reason: said(viewer ? maskReason(r.reason) : r.reason), raw: viewer && r.raw !== null ? MASK : r.raw }));
      // Warnings (a bad optional value left empty, the row loaded) keep the refused value: a viewer sees the column
      // and the reason, never the value, whatever field it was meant for.
      const w = await s.read((view) => warningsPage(view, { importId, limit: p.limit, offset: p.offset }));
      const warnings = { total: w.total, rows: w.rows.map((r) => ({ ...r, file: basename(r.file), reason: said(viewer ? maskReason(r.reason) : r.reason), value: viewer && r.value !== null ? MASK : r.value })) };
      const reasons = (q.reasons as ReadonlyArray<{ reason: string }>).map((r) => ({ ...r, reason: said(r.reason) }));
      return c.json({ total: q.total, page: p.page, pageSize: p.pageSize, reasons, rows, warnings });
    },
  },
];
