import { useI18n } from '../i18n';
import { Card } from '../ui/bits';
import { ServerTable, type Column } from '../ui/table';

interface Entry {
  at: string;
  userId: number | null;
  user: string;
  action: string;
  target: string | null;
}

/** What each audited action is called, in the page's language; unknown actions (added later) show their code. */
const ACTIONS: Record<string, [string, string]> = {
  login: ['signed in', '登录'],
  'login.failed': ['failed sign-in', '登录失败'],
  logout: ['signed out', '退出'],
  import: ['imported a file', '导入文件'],
  'customer.view-personal': ["viewed a customer's personal data", '查看客户个人信息'],
  'care.view-personal': ['viewed the care list with personal data', '查看含个人信息的关怀名单'],
  'leads.view-personal': ['viewed leads with personal data', '查看含个人信息的销售线索'],
  'referrals.view-personal': ['viewed referrers with personal data', '查看含个人信息的推荐人'],
  'segment.create': ['saved a segment', '保存细分'],
  'segment.delete': ['deleted a segment', '删除细分'],
  'export.segment': ['exported a segment', '导出细分'],
  'export.care': ['exported the care list', '导出关怀名单'],
  'export.churn': ['exported the win-back campaign', '导出挽回活动名单'],
  'export.leads': ['exported leads', '导出销售线索'],
  'export.lookalikes': ['exported lookalikes', '导出相似客户'],
  'export.recommendations': ['exported recommendations', '导出推荐'],
  'export.referrals': ['exported referrers', '导出推荐人'],
  'churn.csv': ['exported the win-back campaign', '导出挽回活动名单'],
  'leads.csv': ['exported leads', '导出销售线索'],
  'lookalikes.csv': ['exported lookalikes', '导出相似客户'],
  'recommendations.csv': ['exported recommendations', '导出推荐'],
  'referrals.csv': ['exported referrers', '导出推荐人'],
  'leads.score': ['scored leads', '线索评分'],
  'clv.fit': ['fitted a CLV model', '拟合 CLV 模型'],
  'clv.predict': ['predicted CLV', '预测 CLV'],
  'clv.check': ['checked a CLV model', '检验 CLV 模型'],
  rescreen: ['re-screened customers', '动态筛选'],
  'user.add': ['added a user', '添加用户'],
  'user.remove': ['removed a user', '删除用户'],
  'user.token': ['issued a token', '签发令牌'],
};

/** The target as written by the server, with its few English words said in Chinese. */
function targetText(lang: 'en' | 'zh-CN', s: string | null): string {
  if (s === null) return '—';
  if (lang === 'en') return s;
  return s
    .replace(/\.\./g, ' 至 ')
    .replace(/\bqualify page (\d+)/, '资格审查第 $1 页')
    .replace(/\bpage (\d+)/, '第 $1 页')
    .replace(/\((\d+) rows, (\d+) opted out\)/, '（$1 行，$2 位已退订）')
    .replace(/\((\d+) rows\)/, '（$1 行）')
    .replace(/\brows\b/g, '行');
}

export function AuditPage() {
  const { t, lang } = useI18n();
  const columns: Column<Entry>[] = [
    { key: 'at', label: t('at'), render: (e) => e.at.slice(0, 19).replace('T', ' ') },
    { key: 'who', label: t('who'), render: (e) => e.user },
    { key: 'action', label: t('action'), render: (e) => (lang === 'en' ? <code title={ACTIONS[e.action]?.[0]}>{e.action}</code> : <span title={e.action}>{ACTIONS[e.action]?.[1] ?? e.action}</span>) },
    { key: 'target', label: t('target'), render: (e) => targetText(lang, e.target) },
  ];
  return (
    <div className="page" data-testid="audit">
      <Card title={t('nav.audit')} sub={t('auditSub')}>
        <ServerTable<Entry, { total: number; entries: Entry[] }> path="/api/audit" rows={(p) => p.entries} columns={columns} rowKey={(e, i) => `${e.at}-${i}`} pageSize={25} testId="audit-table" />
      </Card>
    </div>
  );
}
