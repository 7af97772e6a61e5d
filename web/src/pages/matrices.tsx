import { money, num, pct } from '../format';
import { say, said } from '../../../src/report/prose';
import { nameOf, serverText, useI18n, type Key } from '../i18n';
import { go, type Route } from '../router';
import { CELL_COLOURS } from '../theme';
import type { Matrices, Matrix } from '../types';
import { Card, ErrorBox, Loading, Signed } from '../ui/bits';
import { CustomerTable } from '../ui/customers';
import { useApi } from '../ui/use-api';

/** Each matrix: its rule field and its cells as [top-left, top-right, bottom-left, bottom-right] (y high on top). */
const LAYOUT: Record<keyof Matrices, { title: Key; x: Key; y: Key; field: string; cells: [string, string, string, string] }> = {
  currentLongTerm: { title: 'currentLongTerm', x: 'axis.current', y: 'axis.longTerm', field: 'value.quadrant', cells: ['II', 'IV', 'I', 'III'] },
  valueLoyalty: { title: 'valueLoyalty', x: 'axis.current', y: 'axis.loyalty', field: 'value.loyalty', cells: ['active_small', 'core', 'small_price_sensitive', 'at_risk_of_leaving'] },
  satisfactionLoyalty: { title: 'satisfactionLoyalty', x: 'axis.satisfaction', y: 'axis.loyalty', field: 'value.satisfaction', cells: ['hostage', 'apostle', 'defector', 'mercenary'] },
};

function MatrixTiles(props: { id: keyof Matrices; m: Matrix; selected: string | null }) {
  const { t, lang } = useI18n();
  const layout = LAYOUT[props.id];
  const total = props.m.cells.reduce((a, c) => a + c.customers, 0);
  if (!props.m.available) return <div className="state unavailable">{t('matrixMissing', { missing: lang === 'en' ? (props.m.missing ?? '') : say(lang, said('matrix.missingSurveys')) })}</div>;
  return (
    <div className="matrix" data-testid={`matrix-${props.id}`}>
      <div className="matrix-y">
        <span>{t('high')}</span>
        <span className="axis-name" title={props.m.y.name}>
          {t(layout.y)}
        </span>
        <span>{t('low')}</span>
      </div>
      <div>
        <div className="matrix-tiles">
          {layout.cells.map((key) => {
            const c = props.m.cells.find((x) => x.cell === key);
            return (
              <button key={key} className={`tile ${props.selected === key ? 'on' : ''}`} style={{ borderTopColor: CELL_COLOURS[key] }} data-cell={key} onClick={() => go('matrices', null, { m: props.id, cell: key })}>
                <span className="tile-name">{nameOf(lang, key)}</span>
                <span className="tile-n">{num(lang, c?.customers ?? 0)}</span>
                <span className="tile-share">{pct(lang, total ? (c?.customers ?? 0) / total : 0)}</span>
                <span className="tile-profit">
                  {t('profit')} <Signed value={c?.profit ?? 0} text={money(lang, c?.profit ?? 0)} />
                </span>
              </button>
            );
          })}
        </div>
        <div className="matrix-x">
          <span>{t('low')}</span>
          <span className="axis-name" title={props.m.x.name}>
            {t(layout.x)}
          </span>
          <span>{t('high')}</span>
        </div>
        <p className="sub small">
          {(
            [
              ['→', props.m.x],
              ['↑', props.m.y],
            ] as const
          )
            .filter(([, a]) => a.threshold !== null)
            .map(([arrow, a]) => `${arrow} ${t('threshold', { v: num(lang, a.threshold, 2), how: serverText(lang, a.how) })}`)
            .join(' · ')}
        </p>
      </div>
    </div>
  );
}

export function MatricesPage(props: { route: Route }) {
  const { t, lang } = useI18n();
  const q = useApi<{ asOf: string; matrices: Matrices }>('/api/matrices');
  const m = props.route.query.get('m') as keyof Matrices | null;
  const cell = props.route.query.get('cell');
  if (q.error) return <ErrorBox error={q.error} retry={q.reload} />;
  if (!q.data) return <Loading />;
  const ids = Object.keys(LAYOUT) as Array<keyof Matrices>;
  return (
    <div className="page" data-testid="matrices">
      <p className="sub">{t('matricesSub')}</p>
      <div className="grid-3">
        {ids.map((id) => (
          <Card key={id} title={t(LAYOUT[id].title)}>
            <MatrixTiles id={id} m={q.data!.matrices[id]} selected={m === id ? cell : null} />
          </Card>
        ))}
      </div>
      {m && cell && LAYOUT[m] && (
        <Card title={`${t(LAYOUT[m].title)}: ${nameOf(lang, cell)}`}>
          <CustomerTable rule={`${LAYOUT[m].field} = "${cell}"`} testId="matrix-customers" />
        </Card>
      )}
    </div>
  );
}
