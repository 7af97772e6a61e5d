import { useEffect, useState } from 'react';
import { parseRule } from '../../../src/segment/parser';
import { describeRule } from '../../../src/segment/describe';
import { fromBuilder, printRule, toBuilder, type BuilderGroup } from '../../../src/segment/print';
import { ApiError, download, get, send } from '../api';
import { ENDPOINTS } from '../endpoints';
import { money, num } from '../format';
import { useI18n } from '../i18n';
import { href } from '../router';
import { fieldLabel } from '../../../src/segment/field-labels';
import type { Segment } from '../types';
import { Card, ErrorBox } from '../ui/bits';
import { CustomerTable } from '../ui/customers';
import { RuleBuilder, type RuleField } from '../ui/rule-builder';
import { useApi, useDebounced } from '../ui/use-api';

const EXAMPLES = [
  'rfm.segment = "At Risk" and profit > 100',
  'value.quadrant = "II"',
  'last_purchase < -180d and orders >= 2',
  'flags.loss_making = true and orders >= 3',
  'value.loyalty = "at_risk_of_leaving"',
];

type Count = { state: 'idle' | 'counting' } | { state: 'ok'; members: number; profit: number; basis: string; rule: string } | { state: 'error'; error: ApiError };

const EMPTY: BuilderGroup = { kind: 'group', op: 'and', negated: false, items: [] };

/** A rule in words for the page's language; the text itself when it does not parse. */
function words(rule: string, lang: 'en' | 'zh-CN'): string {
  try {
    return describeRule(parseRule(rule), lang);
  } catch {
    return rule;
  }
}

export function SegmentsPage(props: { canWrite: boolean }) {
  const { t, lang } = useI18n();
  const [rule, setRuleText] = useState('');
  const [tree, setTree] = useState<BuilderGroup>(EMPTY);
  /** Text typed by hand: the builder follows when it parses (a rule the builder cannot show keeps the last tree). */
  const setRule = (s: string | ((r: string) => string)) => {
    const next = typeof s === 'function' ? s(rule) : s;
    setRuleText(next);
    try {
      setTree(next.trim() ? toBuilder(parseRule(next)) : EMPTY);
    } catch {
      // Not a rule yet: the live count shows why.
    }
  };
  /** A click in the builder: the text follows whenever the tree is a complete rule. */
  const setFromTree = (g: BuilderGroup) => {
    setTree(g);
    const e = fromBuilder(g);
    if (e) setRuleText(printRule(e));
    else if (!g.items.length) setRuleText('');
  };
  const [name, setName] = useState('');
  const [replace, setReplace] = useState(false);
  const [count, setCount] = useState<Count>({ state: 'idle' });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [showFields, setShowFields] = useState(false);
  const debounced = useDebounced(rule.trim(), 300);
  const list = useApi<{ segments: Segment[] }>('/api/segments');
  const fields = useApi<{ fields: Array<RuleField & { help: string }> }>(ENDPOINTS.ruleFields);

  useEffect(() => {
    if (!debounced) {
      setCount({ state: 'idle' });
      return;
    }
    const ac = new AbortController();
    setCount({ state: 'counting' });
    get<{ members: number; profit: number; basis: string }>('/api/segments/count', { rule: debounced }, ac.signal).then(
      (r) => !ac.signal.aborted && setCount({ state: 'ok', members: r.members, profit: r.profit, basis: r.basis, rule: debounced }),
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
          {fields.data && <RuleBuilder tree={tree} fields={fields.data.fields} onChange={setFromTree} personalAllowed={props.canWrite} />}
          <div className="live" data-testid="live-count" data-state={count.state} data-count={count.state === 'ok' ? count.members : undefined} data-rule={count.state === 'ok' ? count.rule : undefined}>
            {count.state === 'ok' && (
              <>
                <span className="live-n">{num(lang, count.members)}</span> <span className="muted">{t('liveCount', { n: '' }).trim()}</span>
                <span className="muted" data-testid="live-profit">
                  · {count.basis === 'profit' ? t('profit') : t('netRevenue')} <b>{money(lang, count.profit)}</b>
                </span>
              </>
            )}
            {count.state === 'idle' && tree.items.length > 0 && <span className="muted">{t('incomplete')}</span>}
            {count.state === 'counting' && <span className="muted">…</span>}
            {count.state === 'error' && (
              <span className="rule-error" role="alert">
                {t('ruleError')}: {count.error.message}
                {count.error.hint && <span className="hint"> — {count.error.hint}</span>}
              </span>
            )}
          </div>
          <label className="field">
            {t('rule')}
            <textarea className="rule" rows={2} value={rule} onChange={(e) => setRule(e.target.value)} spellCheck={false} data-testid="rule-input" />
            <span className="small muted">{t('ruleTextSub')}</span>
          </label>
          <div className="chips">
            <span className="muted small">{t('examples')}:</span>
            {EXAMPLES.map((x) => (
              <button key={x} className="chip words" onClick={() => setRule(x)} title={x}>
                {words(x, lang)}
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
          title={t('ruleLanguage')}
          actions={
            <button className="btn small ghost" onClick={() => setShowFields((s) => !s)}>
              {showFields ? '−' : '+'}
            </button>
          }
        >
          {showFields && fields.data ? (
            <div className="fields">
              {fields.data.fields.map((f) => (
                <button key={f.name} className="field-item" title={f.name} onClick={() => setRule((r) => (r ? `${r} ${f.name}` : f.name))}>
                  {fieldLabel(lang, f.name)} <code className="small">{f.name}</code>
                  {lang === 'en' && <div className="small muted">{f.help}</div>}
                </button>
              ))}
            </div>
          ) : (
            <p className="sub small">{t('syntaxHelp')}</p>
          )}
        </Card>
      </div>
      {count.state === 'ok' && (
        <Card title={t('preview')} sub={words(count.rule, lang)}>
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
                <td title={s.rule}>
                  <span className="small">{s.kind === 'cluster' ? s.rule : words(s.rule, lang)}</span>
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
