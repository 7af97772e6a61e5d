/** Small building blocks: cards, KPIs, states (loading, error, not available), badges. */
import type { ReactNode } from 'react';
import type { ApiError } from '../api';
import { serverText, useI18n } from '../i18n';
import { segmentColour } from '../theme';
import { nameOf } from '../i18n';

export function Card(props: { title?: ReactNode; sub?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string; testId?: string }) {
  return (
    <section className={`card ${props.className ?? ''}`} data-testid={props.testId}>
      {(props.title || props.actions) && (
        <header className="card-head">
          <div>
            {props.title && <h2>{props.title}</h2>}
            {props.sub && <p className="sub">{props.sub}</p>}
          </div>
          {props.actions && <div className="card-actions">{props.actions}</div>}
        </header>
      )}
      {props.children}
    </section>
  );
}

export function Kpi(props: { label: string; value: string; sub?: string; tone?: 'good' | 'bad' | 'neutral'; testId?: string }) {
  return (
    <div className={`kpi ${props.tone ?? 'neutral'}`} data-testid={props.testId}>
      <div className="kpi-label">{props.label}</div>
      <div className="kpi-value">{props.value}</div>
      {props.sub && <div className="kpi-sub">{props.sub}</div>}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <div className="state loading" role="status">
      <span className="spinner" /> {t('loading')}
    </div>
  );
}

export function ErrorBox(props: { error: ApiError; retry?: () => void }) {
  const { t, lang } = useI18n();
  // The server answers in Chinese where it can (Accept-Language); its other known sentences are translated here.
  return (
    <div className="state error" role="alert">
      <strong>{serverText(lang, props.error.message)}</strong>
      {props.error.hint && <div className="hint">{serverText(lang, props.error.hint)}</div>}
      {props.retry && (
        <button className="btn small" onClick={props.retry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}

export function NotAvailable(props: { children: ReactNode; testId?: string }) {
  const { t } = useI18n();
  return (
    <div className="state unavailable" data-testid={props.testId}>
      <div className="unavailable-title">{t('notAvailable')}</div>
      <div>{props.children}</div>
    </div>
  );
}

export function SegmentBadge(props: { name: string | null | undefined }) {
  const { lang } = useI18n();
  if (!props.name) return <span className="muted">—</span>;
  return (
    <span className="seg-badge">
      <span className="dot" style={{ background: segmentColour(props.name) }} />
      {nameOf(lang, props.name)}
    </span>
  );
}

export function Signed(props: { value: number | null | undefined; text: string }) {
  const cls = props.value === null || props.value === undefined ? '' : props.value < 0 ? 'neg' : '';
  return <span className={cls}>{props.text}</span>;
}
