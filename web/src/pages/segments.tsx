import { useEffect, useState } from 'react';
import { ApiError, download, get, send } from '../api';
import { ENDPOINTS } from '../endpoints';
import { num } from '../format';
import { useI18n } from '../i18n';
import { href } from '../router';
import type { Segment } from '../types';
import { Card, ErrorBox } from '../ui/bits';
import { CustomerTable } from '../ui/customers';
import { useApi, useDebounced } from '../ui/use-api';

const EXAMPLES = [
  'rfm.segment = "At Risk" and profit > 100',
  'value.quadrant = "II"',
  'country in ("China", "United Kingdom") and last_purchase < -180d',
  'flags.loss_making = true and orders >= 3',
  'value.loyalty = "at_risk_of_leaving"',
];

type Count = { state: 'idle' | 'counting' } | { state: 'ok'; members: number; rule: string } | { state: 'error'; error: ApiError };

export function SegmentsPage(props: { canWrite: boolean }) {
  const { t, lang } = useI18n();
  const [rule, setRule] = useState('');
  const [name, setName] = useState('');
  const [replace, setReplace] = useState(false);
  const [count, setCount] = useState<Count>({ state: 'idle' });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [showFields, setShowFields] = useState(true);
  const debounced = useDebounced(rule.trim(), 300);
  const list = useApi<{ segments: Segment[] }>('/api/segments');
  const fields = useApi<{ fields: Array<{ name: string; type: string; help: string }> }>(showFields ? ENDPOINTS.ruleFields : null);

  useEffect(() => {
    if (!debounced) {
      setCount({ state: 'idle' });
      return;
    }
    const ac = new AbortController();
    setCount({ state: 'counting' });
    get<{ members: number }>('/api/segments/count', { rule: debounced }, ac.signal).then(
      (r) => !ac.signal.aborted && setCount({ state: 'ok', members: r.members, rule: debounced }),
      (e: unknown) => !ac.signal.aborted && setCount({ state: 'error', error: e instanceof ApiError ? e : new ApiError(0, String(e)) }),
    );
    return () => ac.abort();
  }, [debounced]);

  const save = async () => {
    setMessage(null);
    try {
      const r = await send<{ name: string; members: number }>('POST', '/api/segments', { name: name.trim(), rule: rule.trim(), replace });
      setMessage({ ok: true, text: t('saved', { name: r.name, n: num(lang, r.members) }) });
      list.reload();
    } catch (e) {
      setMessage({ ok: false, text: e instanceof ApiError ? `${e.message}${e.hint ? ` — ${e.hint}` : ''}` : String(e) });
    }
  };
  const exportCsv = async (n: string) => {
    setMessage(null);
    try {
      await download(`/api/segments/${encodeURIComponent(n)}/export`, `${n}.csv`);
      setMessage({ ok: true, text: t('exported', { name: n }) });
    } catch (e) {
      setMessage({ ok: false, text: e instanceof ApiError ? e.message : String(e) });
    }
  };
  const remove = async (n: string) => {
    try {
      await send('DELETE', `/api/segments/${encodeURIComponent(n)}`);
      list.reload();
    } catch (e) {
      setMessage({ ok: false, text: e instanceof ApiError ? e.message : String(e) });
    }
  };

  return (
    <div className="page" data-testid="segments">
      <div className="grid-2-1">
        <Card title={t('nav.segments')} sub={t('segmentsIntro')}>
          <label className="field">
            {t('rule')}
            <textarea className="rule" rows={3} value={rule} onChange={(e) => setRule(e.target.value)} spellCheck={false} placeholder='rfm.segment = "Champions" and country = "China"' data-testid="rule-input" />
          </label>
          <div className="live" data-testid="live-count" data-state={count.state} data-count={count.state === 'ok' ? count.members : undefined}>
            {count.state === 'ok' && (
              <>
                <span className="live-n">{num(lang, count.members)}</span> <span className="muted">{t('liveCount', { n: '' }).trim()}</span>
              </>
            )}
            {count.state === 'counting' && <span className="muted">…</span>}
            {count.state === 'error' && (
              <span className="rule-error" role="alert">
                {t('ruleError')}: {count.error.message}
                {count.error.hint && <span className="hint"> — {count.error.hint}</span>}
              </span>
            )}
          </div>
          <div className="chips">
            <span className="muted small">{t('examples')}:</span>
            {EXAMPLES.map((x) => (
              <button key={x} className="chip" onClick={() => setRule(x)}>
                {x}
              </button>
            ))}
          </div>
          {props.canWrite ? (
            <div className="save-row">
              <input placeholder={t('name')} value={name} onChange={(e) => setName(e.target.value)} data-testid="segment-name" aria-label={t('name')} />
              <label className="check">
                <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} /> {t('replace')}
              </label>
              <button className="btn primary" disabled={!name.trim() || count.state !== 'ok'} onClick={save} data-testid="save-segment">
                {t('save')}
              </button>
            </div>
          ) : (
            <p className="note">{t('analystOnly')}</p>
          )}
          {message && (
            <div className={`state ${message.ok ? 'ok' : 'error'}`} role="status" data-testid="segment-message">
              {message.text}
            </div>
          )}
        </Card>
        <Card
          title={t('fields')}
          actions={
            <button className="btn small ghost" onClick={() => setShowFields((s) => !s)}>
              {showFields ? '−' : '+'}
            </button>
          }
        >
          {showFields && fields.data ? (
            <div className="fields">
              {fields.data.fields.map((f) => (
                <button key={f.name} className="field-item" title={f.help} onClick={() => setRule((r) => (r ? `${r} ${f.name}` : f.name))}>
                  <code>{f.name}</code> <span className="muted small">{f.type}</span>
                  <div className="small muted">{f.help}</div>
                </button>
              ))}
            </div>
          ) : (
            <p className="sub small">and, or, not, ( ) · = != &lt; &lt;= &gt; &gt;= · in (…) · between … and … · is [not] null · contains "text" · -90d -6m -1y</p>
          )}
        </Card>
      </div>
      {count.state === 'ok' && (
        <Card title={t('preview')} sub={count.rule}>
          <CustomerTable rule={count.rule} testId="segment-preview" pageSize={10} />
        </Card>
      )}
      <Card title={t('savedSegments')} testId="saved-segments">
        {list.error && <ErrorBox error={list.error} retry={list.reload} />}
        <table className="table compact">
          <thead>
            <tr>
              <th>{t('name')}</th>
              <th>{t('rule')}</th>
              <th className="right">{t('customers')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(list.data?.segments ?? []).map((s) => (
              <tr key={s.name} data-segment={s.name}>
                <td>
                  <b>{s.name}</b>
                </td>
                <td>
                  <code className="small">{s.rule}</code>
                </td>
                <td className="right">{num(lang, s.members)}</td>
                <td className="right nowrap">
                  <a className="btn small ghost" href={href('portraits', null, { name: s.name })}>
                    {t('portrait')}
                  </a>
                  {props.canWrite && (
                    <>
                      <button className="btn small" onClick={() => exportCsv(s.name)} data-testid={`export-${s.name}`}>
                        {t('export')}
                      </button>
                      <button className="btn small danger ghost" onClick={() => remove(s.name)}>
                        {t('delete')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.data && list.data.segments.length === 0 && <div className="state empty">{t('noSegments')}</div>}
      </Card>
    </div>
  );
}
