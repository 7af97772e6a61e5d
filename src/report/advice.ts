import type { ReportData } from './data.js';
import { nameOf, type Lang } from './i18n.js';
import { formatMoney } from './money.js';

const pct = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(0)}%`);
const num = (x: number) => Math.round(x).toLocaleString('en-US');

/**
 * The plain-language summary: what the figures say a manager should do, each point with its numbers.
 * Points appear only when the data supports them.
 */
export function advice(d: ReportData, lang: Lang): string[] {
  const v = d.value;
  const zh = lang === 'zh-CN';
  const out: string[] = [];
  const w = v.whale;
  const money = (x: number) => formatMoney(lang, x, { currency: d.currency ?? null });
  const basis = v.basis === 'profit' ? (zh ? '利润' : 'profit') : zh ? '净收入' : 'net revenue';

  if (w.top20Share !== null) {
    out.push(
      zh
        ? `前 20% 的客户贡献了 ${pct(w.top20Share)} 的${basis}。优先保护他们：专属服务、优先响应，不要让竞争对手挖走。`
        : `The top 20% of customers make ${pct(w.top20Share)} of ${basis}. Protect them first: dedicated service, priority handling, no reason to leave.`,
    );
  }
  if (v.customers.lossMaking > 0) {
    const top = d.lossBySegment[0];
    const share = top ? top.customers / v.customers.lossMaking : 0;
    const where = top ? (zh ? `其中 ${pct(share)} 属于“${nameOf(top.segment, lang)}”细分` : `${pct(share)} of them are in the RFM segment "${top.segment}"`) : '';
    out.push(
      zh
        ? `${num(v.customers.lossMaking)} 位客户亏损，共亏损 ${money(-w.lossTail.value)}，吃掉了峰值利润的 ${pct(w.lossTail.consumedShareOfPeak)}；${where}。检查他们的服务成本与定价：降低服务成本、调整最低订单或价格，无法改善的不再主动投入。`
        : `${num(v.customers.lossMaking)} customers lose money (${money(-w.lossTail.value)} in total, consuming ${pct(w.lossTail.consumedShareOfPeak)} of the peak profit); ${where}. Review their cost to serve and pricing: serve them more cheaply, set minimum orders or prices, and stop investing where that cannot work.`,
    );
  }
  if (w.peak.share !== null && w.peak.share > 1.0001) {
    out.push(
      zh
        ? `鲸鱼曲线在前 ${pct(w.peak.customerShare)} 的客户处达到 ${pct(w.peak.share)}：只服务这些客户，利润反而更高。`
        : `The whale curve peaks at ${pct(w.peak.share)} of total profit after the top ${pct(w.peak.customerShare)} of customers: the rest, taken together, reduce profit.`,
    );
  }
  const cell = (m: { cells: ReadonlyArray<{ cell: string; customers: number; longTermValue: number; profit: number }> }, key: string) => m.cells.find((c) => c.cell === key);
  const ii = cell(v.matrices.currentLongTerm, 'II');
  if (v.matrices.currentLongTerm.available && ii && ii.customers > 0) {
    out.push(
      zh
        ? `${num(ii.customers)} 位客户当前价值低但长期价值高（II 潜力股，最容易被忽视），长期价值合计 ${money(ii.longTermValue)}：针对性培养，提升购买频次与品类。`
        : `${num(ii.customers)} customers have low current but high long-term value (II, the most easily overlooked), worth ${money(ii.longTermValue)} long-term: grow them with cross-sell and more frequent contact.`,
    );
  }
  const risk = cell(v.matrices.valueLoyalty, 'at_risk_of_leaving');
  if (v.matrices.valueLoyalty.available && risk && risk.customers > 0) {
    out.push(
      zh
        ? `${num(risk.customers)} 位高价值客户忠诚度低（易流失），利润 ${money(risk.profit)}：先做挽留——个人关怀、专属优惠。`
        : `${num(risk.customers)} high-value customers show low loyalty (at risk of leaving), with ${money(risk.profit)} profit: retention first — personal care and tailored offers.`,
    );
  }
  const seg = (name: string) => v.rfm.segments.find((s) => s.segment === name);
  const cantLose = seg("Can't Lose");
  const atRisk = seg('At Risk');
  const winBack = (cantLose?.customers ?? 0) + (atRisk?.customers ?? 0);
  if (winBack > 0) {
    const rev = (cantLose?.revenue ?? 0) + (atRisk?.revenue ?? 0);
    out.push(
      zh
        ? `${num(winBack)} 位曾经的常客已久未购买（“不能失去”与“有流失风险”），历史收入 ${money(rev)}：启动赢回活动。`
        : `${num(winBack)} once-frequent customers have gone quiet ("Can't Lose" and "At Risk"), with ${money(rev)} revenue to date: start a win-back campaign.`,
    );
  }
  const sl = v.matrices.satisfactionLoyalty;
  if (!sl.available) {
    out.push(zh ? '满意度 × 忠诚度矩阵缺少数据：还没有满意度调查。导入调查结果（客户编号、满意度 1–5 或净推荐值 0–10、日期）后即可看到哪些客户是传道者、哪些是囚禁者。' : `Satisfaction × loyalty needs data: ${sl.missing ?? ''}. Import surveys (clientele import surveys) to see it.`);
  } else {
    const hostage = cell(sl, 'hostage');
    if (hostage && hostage.customers > 0) {
      out.push(
        zh
          ? `${num(hostage.customers)} 位客户忠诚但不满意（囚禁者）：一旦有替代选择就会离开，尽快解决他们的服务问题。`
          : `${num(hostage.customers)} customers are loyal but dissatisfied (hostages): they will leave when they can — fix their service problems now.`,
      );
    }
  }
  const un = v.revenue.unattributed;
  if (un.lines > 0 && v.revenue.net !== 0) {
    out.push(
      zh
        ? `${num(un.lines)} 行订单没有客户编号（收入 ${money(un.net)}），无法计入任何客户：在收银环节记录客户身份。`
        : `${num(un.lines)} order lines have no customer id (${money(un.net)} revenue) and count for no customer: capture customer identity at checkout.`,
    );
  }
  return out;
}
