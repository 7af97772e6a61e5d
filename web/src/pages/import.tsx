import { useRef, useState } from 'react';
import { ApiError, send, upload } from '../api';
import { num, pct } from '../format';
import { useI18n } from '../i18n';
import { entityLabel, label } from '../labels';
import { go, type Route } from '../router';
import { Card, ErrorBox } from '../ui/bits';
import { ServerTable, type Column } from '../ui/table';
import { useApi } from '../ui/use-api';

/** The presets are named after public data sets; in Chinese, by what the data set is. */
const PRESET_ZH: Record<string, string> = {
  'online-retail': '在线零售（UCI 数据集）',
  cdnow: 'CDNOW 唱片销售数据集',
  'customer-personality': '客户画像数据集',
  'customer-personality-spend': '客户画像数据集（按消费）',
  'bank-marketing': '银行营销（UCI 数据集）',
};
const presetName = (lang: 'en' | 'zh-CN', p: string) => (lang === 'zh-CN' ? (PRESET_ZH[p] ?? p) : p);

const ENTITIES = ['customers', 'orders', 'products', 'service-costs', 'payments', 'surveys', 'leads'] as const;
const PRESETS = ['online-retail', 'cdnow', 'customer-personality', 'customer-personality-spend', 'bank-marketing'] as const;

interface ImportFile {
  file: string;
  importId: number | null;
  alreadyImportedAs: number | null;
  format: string;
  encoding: string;
  /** `label`: the field's name in the page's language, when the server gave it (Accept-Language zh). */
  matched: Array<{ field: string; column: string; via: string; label?: string }>;
  unmatched: string[];
  keptAsAttributes: string[];
  rowsRead: number;
  imported: number;
  quarantined: number;
  reasons: Array<{ reason: string; count: number }>;
  notes: string[];
}
interface ImportReport {
  entity: string;
  rowsRead: number;
  imported: number;
  quarantined: number;
  importId: number | null;
  files: ImportFile[];
}
interface PastImport {
  import_id: number;
  entity: string;
  file: string;
  rows_read: number;
  imported: number;
  quarantined: number;
  finished_at: string;
}
interface QRow {
  import_id: number;
  file: string;
  line: number;
  column_name: string | null;
  reason: string;
  raw: string | null;
}
interface QPage {
  total: number;
  reasons: Array<{ reason: string; count: number }>;
  rows: QRow[];
}

type Stage = { s: 'idle' } | { s: 'uploading'; sent: number; total: number } | { s: 'importing' } | { s: 'done'; report: ImportReport } | { s: 'error'; error: ApiError };

export function ImportPage(props: { canWrite: boolean; route: Route }) {
  const { t, lang } = useI18n();
  const [entity, setEntity] = useState<string>('customers');
  const [preset, setPreset] = useState('');
  const [stage, setStage] = useState<Stage>({ s: 'idle' });
  const [append, setAppend] = useState(false);
  const [removed, setRemoved] = useState<{ ok: boolean; text: string } | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const past = useApi<{ imports: PastImport[]; store: Record<string, number> }>('/api/imports');
  const qImport = props.route.query.get('import');

  const start = async () => {
    const file = fileRef.current?.files?.[0];
    if (!file) return;
    setStage({ s: 'uploading', sent: 0, total: file.size });
    const path = `/api/imports?${new URLSearchParams({ entity, filename: file.name, ...(preset ? { preset } : {}), ...(append ? { append: 'true' } : {}) })}`;
    const u = upload<ImportReport>(path, file, (sent, total) => setStage(sent >= total ? { s: 'importing' } : { s: 'uploading', sent, total }));
    try {
      const report = await u.done;
      setStage({ s: 'done', report });
      past.reload();
      if (report.importId !== null && report.quarantined > 0) go('import', null, { import: String(report.importId) });
    } catch (e) {
      setStage({ s: 'error', error: e instanceof ApiError ? e : new ApiError(0, String(e)) });
    }
  };

  // Undo (issue 13.3): one import out, audited by the server.
  const remove = async (i: PastImport) => {
    if (!window.confirm(t('removeImportConfirm', { id: i.import_id, file: i.file }))) return;
    try {
      const r = await send<{ deleted: Record<string, number>; restored: number }>('DELETE', `/api/imports/${i.import_id}`);
      const rows = Object.entries(r.deleted).filter(([k]) => k !== 'quarantine').reduce((a, [, n]) => a + n, 0);
      setRemoved({ ok: true, text: t('removedImport', { id: i.import_id, rows: num(lang, rows), restored: num(lang, r.restored) }) });
      past.reload();
      if (String(i.import_id) === qImport) go('import');
    } catch (e) {
      setRemoved({ ok: false, text: e instanceof ApiError ? e.message : String(e) });
    }
  };

  const qColumns: Column<QRow>[] = [
    { key: 'import', label: '#', render: (r) => r.import_id },
    { key: 'file', label: t('file'), render: (r) => r.file },
    { key: 'line', label: t('line'), align: 'right', render: (r) => num(lang, r.line) },
    { key: 'column', label: t('column'), render: (r) => r.column_name ?? '—' },
    { key: 'reason', label: t('reason'), render: (r) => r.reason },
    { key: 'raw', label: t('raw'), render: (r) => <code className="small raw">{r.raw ?? '—'}</code> },
  ];
  const busy = stage.s === 'uploading' || stage.s === 'importing';
  return (
    <div className="page" data-testid="import">
      <div className="grid-1-1">
        <Card title={t('nav.import')} sub={t('importSub')}>
          {props.canWrite ? (
            <div className="import-form">
              <label className="field">
                {t('entity')}
                <select value={entity} onChange={(e) => setEntity(e.target.value)} data-testid="import-entity">
                  {ENTITIES.map((e) => (
                    <option key={e} value={e}>
                      {entityLabel(lang, e)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                {t('preset')}
                <select value={preset} onChange={(e) => setPreset(e.target.value)}>
                  <option value="">{t('none')}</option>
                  {PRESETS.map((p) => (
                    <option key={p} value={p}>
                      {presetName(lang, p)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                {t('file')}
                <input type="file" ref={fileRef} data-testid="import-file" accept=".csv,.txt,.tsv,.xlsx,.parquet,.jsonl,.json,.ndjson" />
              </label>
              <label className="field small">
                <input type="checkbox" checked={append} onChange={(e) => setAppend(e.target.checked)} data-testid="import-append" /> {t('appendOther')}
              </label>
              <button className="btn primary" onClick={start} disabled={busy} data-testid="import-start">
                {t('upload')}
              </button>
            </div>
          ) : (
            <p className="note">{t('importViewer')}</p>
          )}
          {stage.s === 'uploading' && (
            <div className="progress" data-testid="import-progress">
              <div className="progress-bar">
                <span style={{ width: `${Math.round((stage.sent / Math.max(1, stage.total)) * 100)}%` }} />
              </div>
              {t('uploading', { pct: pct(lang, stage.sent / Math.max(1, stage.total), 0) })}
            </div>
          )}
          {stage.s === 'importing' && (
            <div className="progress" data-testid="import-progress">
              <div className="progress-bar indeterminate">
                <span />
              </div>
              {t('importing')}
            </div>
          )}
          {stage.s === 'error' && <ErrorBox error={stage.error} />}
          {stage.s === 'done' && <ImportResult report={stage.report} />}
        </Card>
        <Card title={t('store')}>
          {past.data && (
            <div className="store-counts">
              {Object.entries(past.data.store).map(([k, v]) => (
                <div key={k}>
                  <span className="muted">{entityLabel(lang, k)}</span> <b>{num(lang, v)}</b>
                </div>
              ))}
            </div>
          )}
        </Card>
      </div>
      <Card title={t('pastImports')}>
        {past.error && <ErrorBox error={past.error} retry={past.reload} />}
        {removed && (
          <div className={`state ${removed.ok ? 'ok' : 'warn'}`} data-testid="import-removed">
            {removed.text}
          </div>
        )}
        <table className="table compact" data-testid="past-imports">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('entity')}</th>
              <th>{t('file')}</th>
              <th className="right">{t('rowsRead')}</th>
              <th className="right">{t('loaded')}</th>
              <th className="right">{t('quarantined')}</th>
              <th>{t('finished')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {[...(past.data?.imports ?? [])].reverse().map((i) => (
              <tr key={i.import_id} className={String(i.import_id) === qImport ? 'selected' : ''}>
                <td>{i.import_id}</td>
                <td>{entityLabel(lang, i.entity)}</td>
                <td>{i.file}</td>
                <td className="right">{num(lang, i.rows_read)}</td>
                <td className="right">{num(lang, i.imported)}</td>
                <td className={`right ${i.quarantined > 0 ? 'warn' : ''}`}>{num(lang, i.quarantined)}</td>
                <td>{i.finished_at.slice(0, 16).replace('T', ' ')}</td>
                <td className="right">
                  {i.quarantined > 0 && (
                    <button className="btn small ghost" onClick={() => go('import', null, { import: String(i.import_id) })}>
                      {t('viewQuarantine')}
                    </button>
                  )}
                  {props.canWrite && (
                    <button className="btn small ghost" onClick={() => remove(i)} data-testid={`import-remove-${i.import_id}`}>
                      {t('removeImport')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <Card
        title={`${t('quarantine')}${qImport ? ` · #${qImport}` : ''}`}
        sub={t('quarantineSub')}
        actions={
          qImport && (
            <button className="btn small ghost" onClick={() => go('import')}>
              {t('allImports')}
            </button>
          )
        }
      >
        <ServerTable<QRow, QPage> path="/api/quarantine" query={{ import: qImport }} rows={(p) => p.rows} columns={qColumns} rowKey={(r) => `${r.import_id}-${r.line}-${r.column_name}`} pageSize={15} testId="quarantine-table" />
      </Card>
    </div>
  );
}

function ImportResult(props: { report: ImportReport }) {
  const { t, lang } = useI18n();
  return (
    <div className="import-result" data-testid="import-result">
      {props.report.files.map((f) => (
        <div key={f.file}>
          {f.alreadyImportedAs !== null ? (
            <div className="state ok">{t('alreadyImported', { id: f.alreadyImportedAs })}</div>
          ) : (
            <div className={`state ${f.quarantined ? 'warn' : 'ok'}`}>{t('imported', { file: f.file, read: num(lang, f.rowsRead), loaded: num(lang, f.imported), quarantined: num(lang, f.quarantined) })}</div>
          )}
          <div className="small">
            <b>{t('matched')}:</b> {f.matched.map((m) => `${m.label ?? label(lang, m.field)} ← ${m.column}`).join(lang === 'zh-CN' ? '，' : ', ') || '—'}
          </div>
          {f.unmatched.length > 0 && (
            <div className="small">
              <b>{t('unmatched')}:</b> {f.unmatched.join(', ')}
            </div>
          )}
          {f.keptAsAttributes.length > 0 && (
            <div className="small">
              <b>{t('keptAsAttributes')}:</b> {f.keptAsAttributes.join(', ')}
            </div>
          )}
          {f.reasons.length > 0 && (
            <ul className="notes small">
              {f.reasons.map((r) => (
                <li key={r.reason}>
                  {r.reason}: <b>{num(lang, r.count)}</b>
                </li>
              ))}
            </ul>
          )}
          {f.notes.map((n) => (
            <div key={n} className="small muted">
              {n}
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
