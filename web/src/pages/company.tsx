import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, send } from '../api';
import { useI18n, word } from '../i18n';
import { useDecide } from '../i18n-decide';
import { Card, ErrorBox, Loading } from '../ui/bits';
import { useApi } from '../ui/use-api';

interface Profile {
  priceTier: string | null;
  serviceCapacity: string | null;
  strengths: string[];
  strategicCategories: string[];
  regions: string[];
  channels: string[];
  focus: string | null;
}

interface CompanyAnswer {
  stored: { profile: Profile; updatedAt: string; updatedBy: string | null } | null;
  inEffect: Profile;
}

const LISTS = ['strengths', 'strategicCategories', 'regions', 'channels'] as const;
const LIST_LABEL = { strengths: 'coreCategories', strategicCategories: 'strategicCategories', regions: 'regions', channels: 'channels' } as const;
const CHOICES = { priceTier: ['premium', 'mid', 'budget'], serviceCapacity: ['high', 'medium', 'low'], focus: ['b2b', 'b2c', 'both'] } as const;

export function CompanyPage(props: { canWrite: boolean }) {
  const { lang } = useI18n();
  const d = useDecide();
  const q = useApi<CompanyAnswer>('/api/company');
  const [form, setForm] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    const p = q.data?.stored?.profile;
    setForm({ priceTier: p?.priceTier ?? '', serviceCapacity: p?.serviceCapacity ?? '', focus: p?.focus ?? '', ...Object.fromEntries(LISTS.map((k) => [k, (p?.[k] ?? []).join(', ')])) });
  }, [q.data]);
  const save = async (e: FormEvent, clear = false) => {
    e.preventDefault();
    setError(null);
    const body = clear ? {} : { ...Object.fromEntries((['priceTier', 'serviceCapacity', 'focus'] as const).filter((k) => form[k]).map((k) => [k, form[k]])), ...Object.fromEntries(LISTS.map((k) => [k, (form[k] ?? '').split(',').map((s) => s.trim()).filter(Boolean)])) };
    try {
      await send('PUT', '/api/company', body);
      setStatus(d('saved'));
      q.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, String(err)));
    }
  };
  return (
    <div className="page" data-testid="company">
      <Card title={d('companyTitle')} sub={d('companySub')}>
        {q.error && <ErrorBox error={q.error} retry={q.reload} />}
        {!q.data && !q.error && <Loading />}
        {q.data && (
          <>
            <p className="sub" data-testid="company-state">
              {q.data.stored ? d('companySetBy', { at: q.data.stored.updatedAt.slice(0, 16), by: q.data.stored.updatedBy ?? '—' }) : d('companyNone')}
            </p>
            <form className="form-row" onSubmit={(e) => void save(e)}>
              {(Object.keys(CHOICES) as Array<keyof typeof CHOICES>).map((k) => (
                <label key={k} className="field">
                  {d(k === 'focus' ? 'focus' : k)}
                  <select value={form[k] ?? ''} disabled={!props.canWrite} onChange={(e) => setForm({ ...form, [k]: e.target.value })} data-testid={`company-${k}`}>
                    <option value="">{d('unset')}</option>
                    {CHOICES[k].map((v) => (
                      <option key={v} value={v}>
                        {word(lang, v)}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
              {LISTS.map((k) => (
                <label key={k} className="field">
                  {d(LIST_LABEL[k])}
                  <input value={form[k] ?? ''} placeholder={d('commaList')} disabled={!props.canWrite} onChange={(e) => setForm({ ...form, [k]: e.target.value })} />
                </label>
              ))}
              {props.canWrite && (
                <>
                  <button type="submit" className="primary" data-testid="company-save">
                    {d('save')}
                  </button>
                  <button type="button" onClick={(e) => void save(e, true)}>
                    {d('clear')}
                  </button>
                </>
              )}
            </form>
            {!props.canWrite && <p className="sub">{d('analystsOnly')}</p>}
            {status && <p className="sub">{status}</p>}
            {error && <ErrorBox error={error} />}
          </>
        )}
      </Card>
    </div>
  );
}
