/**
 * The audit log: who did what to what, and when. Targets are ids (an import, a customer id, a segment or user
 * name), never personal data or secrets.
 */
import type { Engine } from '../engine/engine.js';

export interface AuditActor {
  readonly id: number | null;
  readonly name: string;
}

export type AuditAction =
  | 'login'
  | 'login.failed'
  | 'logout'
  | 'import'
  | 'import.remove'
  | 'export.segment'
  | 'export.recommendations'
  | 'export.care'
  | 'export.leads'
  | 'export.churn'
  | 'export.lookalikes'
  | 'export.referrals'
  | 'customer.view-personal'
  | 'referrals.view-personal'
  | 'care.view-personal'
  | 'leads.view-personal'
  | 'segment.create'
  | 'segment.delete'
  | 'user.add'
  | 'user.remove'
  | 'user.token'
  | 'user.password'
  | 'session.end'
  | 'clv.fit'
  | 'clv.check'
  | 'clv.predict'
  | 'rescreen'
  | 'leads.score';

export async function audit(engine: Engine, who: AuditActor, action: AuditAction, target: string | null): Promise<void> {
  await engine.run(`INSERT INTO audit_log VALUES (${engine.dialect.sqlNow}, $1, $2, $3, $4)`, [who.id, who.name, action, target]);
}

export interface AuditEntry {
  readonly at: string;
  readonly userId: number | null;
  readonly user: string | null;
  readonly action: string;
  readonly target: string | null;
}

/** Newest first. */
export async function auditPage(engine: Engine, page: { limit: number; offset: number; action?: string }): Promise<{ total: number; entries: AuditEntry[] }> {
  const where = page.action ? 'WHERE action = $1' : '';
  const params = page.action ? [page.action] : [];
  const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM audit_log ${where}`, params);
  const rows = await engine.query<{ happened_at: Date; user_id: number | null; user_name: string | null; action: string; target: string | null }>(
    `SELECT happened_at, user_id, user_name, action, target FROM audit_log ${where} ORDER BY happened_at DESC, action LIMIT ${Math.floor(page.limit)} OFFSET ${Math.floor(page.offset)}`,
    params,
  );
  return { total: n, entries: rows.map((r) => ({ at: new Date(r.happened_at).toISOString(), userId: r.user_id, user: r.user_name, action: r.action, target: r.target })) };
}
