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

export function AuditPage() {
  const { t } = useI18n();
  const columns: Column<Entry>[] = [
    { key: 'at', label: t('at'), render: (e) => e.at.slice(0, 19).replace('T', ' ') },
    { key: 'who', label: t('who'), render: (e) => e.user },
    { key: 'action', label: t('action'), render: (e) => <code>{e.action}</code> },
    { key: 'target', label: t('target'), render: (e) => e.target ?? '—' },
  ];
  return (
    <div className="page" data-testid="audit">
      <Card title={t('nav.audit')} sub={t('auditSub')}>
        <ServerTable<Entry, { total: number; entries: Entry[] }> path="/api/audit" rows={(p) => p.entries} columns={columns} rowKey={(e, i) => `${e.at}-${i}`} pageSize={25} testId="audit-table" />
      </Card>
    </div>
  );
}
