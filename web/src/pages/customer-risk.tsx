/** The customer page's big-customer section (大客户风险): dependence, share of wallet and warning signals. */
import { num, pct } from '../format';
import { useI18n } from '../i18n';
import { knownWord, useDecide, type DecideKey } from '../i18n-decide';
import { Card } from '../ui/bits';
import { useApi } from '../ui/use-api';

/** Nothing to see while a card loads, but marked so that whoever waits for the page (a test, a screenshot) waits for it. */
function Pending() {
  return <span hidden data-loading="true" />;
}

interface Big {
  dependence: number;
  shareOfWallet: number | null;
  discountShareRecent: number | null;
  discountSharePrior: number | null;
  daysLateRecent: number | null;
  daysLatePrior: number | null;
  revenueChange: number | null;
  signals: string[];
}

export function BigCustomerCard(props: { id: string }) {
  const { lang } = useI18n();
  const d = useDecide();
  const q = useApi<{ large: Big[] }>('/api/big-customers', { customer: props.id });
  const b = q.data?.large[0];
  if (q.loading) return <Pending />;
  if (!b) return null;
  const p = (x: number | null) => (x === null ? '—' : pct(lang, x));
  return (
    <Card title={d('bigTitle')} testId="big-customer">
      <dl className="dl">
        {(
          [
            [d('dependence'), pct(lang, b.dependence, 2)],
            [d('shareOfWallet'), p(b.shareOfWallet)],
            [d('discountTrend'), `${p(b.discountSharePrior)} → ${p(b.discountShareRecent)}`],
            [d('lateTrend'), `${b.daysLatePrior === null ? '—' : num(lang, b.daysLatePrior)} → ${b.daysLateRecent === null ? '—' : num(lang, b.daysLateRecent)}`],
            [d('revenueChange'), p(b.revenueChange)],
          ] as const
        ).map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {b.signals.length > 0 && (
        <ul className="notes small" data-testid="big-signals">
          {b.signals.map((s) => (
            <li key={s}>⚠ {d(`signal.${s}` as DecideKey)}</li>
          ))}
        </ul>
      )}
    </Card>
  );
}

interface AccountContact { name: string; role: string | null; title: string | null; stance: string | null; lastContact: string | null }

/** The customer page's contacts at a company account (who decides), with a flag when no decision maker is known. */
export function ContactsCard(props: { id: string }) {
  const d = useDecide();
  const q = useApi<{ contacts: AccountContact[] }>('/api/accounts', { customer: props.id });
  const list = q.data?.contacts ?? [];
  if (q.loading) return <Pending />;
  if (!list.length) return null;
  const noDm = !list.some((c) => c.role?.toLowerCase() === 'decision maker');
  return (
    <Card title={d('contactsTitle')} testId="contacts">
      {noDm && <p className="warn" data-testid="no-decision-maker">⚠ {d('noDecisionMaker')}</p>}
      <table className="table compact">
        <tbody>
          {list.map((c, i) => (
            <tr key={i}>
              <td>{c.name}</td>
              <td>{knownWord(d, 'role', c.role)}</td>
              <td>{c.title ?? ''}</td>
              <td>{c.stance ? knownWord(d, 'stance', c.stance) : ''}</td>
              <td>{c.lastContact ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

/** The customer's place in the relationship life cycle (考察期, 形成期, 稳定期, 退化期), with the rule. */
export function LifecycleCard(props: { id: string }) {
  const { lang } = useI18n();
  const d = useDecide();
  const q = useApi<{ stage: string | null; rule: string[]; ruleZh: string[] }>('/api/lifecycle', { customer: props.id });
  if (q.loading) return <Pending />;
  if (!q.data?.stage) return null;
  return (
    <Card title={d('lifecycleTitle')} testId="lifecycle">
      <p data-testid="lifecycle-stage">
        <b>{d(`stage.${q.data.stage}` as DecideKey)}</b>
      </p>
      <ul className="notes small">
        {(lang === 'zh-CN' ? q.data.ruleZh : q.data.rule).map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
    </Card>
  );
}
