import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, rowCounts, type Fixture } from './test-fixture.js';

/** Undo over HTTP (issue 13.3): analysts remove an import, audited; the store is as before it. */
let f: Fixture;
beforeAll(async () => {
  f = await fixture(150);
}, 120_000);
afterAll(() => f.close());

const auth = (role: 'admin' | 'analyst' | 'viewer') => ({ authorization: `Bearer ${f.tokens[role]}` });

describe('POST /api/imports in Chinese', () => {
  it('writes the report\'s notes and reasons in 简体中文 for a client that asks for it, in English otherwise', async () => {
    const [{ customer_id: id }] = await f.engine.query<{ customer_id: string }>('SELECT customer_id FROM customers WHERE NOT derived ORDER BY customer_id LIMIT 1');
    const [{ day }] = await f.engine.query<{ day: string }>('SELECT CAST(max(CAST(ordered_at AS DATE)) AS TEXT) AS day FROM order_lines');
    const csv = (n: string) => `order_id,customer_id,ordered_at,amount,note\nZ-${n},${id},${day},12.5,"two\nlines"\nZ-${n}b,${id},${day},abc,x\n`;
    const post = async (lang: string, n: string) => {
      const r = await fetch(`${f.server.url}/api/imports?entity=orders&filename=zh-${n}.csv`, { method: 'POST', headers: { ...auth('analyst'), 'content-type': 'text/csv', 'accept-language': lang }, body: csv(n) });
      expect(r.status).toBe(200);
      return ((await r.json()) as { files: Array<{ notes: string[]; reasons: Array<{ reason: string }> }> }).files[0];
    };
    const zh = await post('zh-CN', '1');
    expect(zh.notes.join('\n')).toMatch(/条记录跨越多行/);
    expect(zh.reasons[0].reason).toMatch(/不是数字/);
    // The matched fields by their Chinese labels, and the quarantine's reasons in Chinese too.
    const again = await fetch(`${f.server.url}/api/imports?entity=orders&filename=zh-3.csv`, { method: 'POST', headers: { ...auth('analyst'), 'content-type': 'text/csv', 'accept-language': 'zh-CN' }, body: csv('3') });
    const report = (await again.json()) as { importId: number; files: Array<{ matched: Array<{ field: string; label?: string }> }> };
    expect(report.files[0].matched.find((m) => m.field === 'ordered_at')?.label).toBe('下单时间');
    const q = await fetch(`${f.server.url}/api/quarantine?import=${report.importId}`, { headers: { ...auth('analyst'), 'accept-language': 'zh-CN' } });
    const rows = ((await q.json()) as { rows: Array<{ reason: string }> }).rows;
    expect(rows.map((r) => r.reason)).toEqual(['"abc" 不是数字']);
    // A refusal too: 422 with the message and its hint in Chinese.
    const refused = await fetch(`${f.server.url}/api/imports?entity=orders&filename=nocol.csv`, { method: 'POST', headers: { ...auth('analyst'), 'content-type': 'text/csv', 'accept-language': 'zh-CN' }, body: 'a,b\n1,2\n' });
    expect(refused.status).toBe(422);
    const body = (await refused.json()) as { error: { message: string; hint: string } };
    expect(body.error.message).toMatch(/没有.*的列/);
    expect(body.error.hint).toMatch(/此文件的列为/);
    const en = await post('en', '2');
    expect(en.notes.join('\n')).toMatch(/records span more than one line/);
    expect(en.reasons[0].reason).toMatch(/is not a number/);
  });
});

describe('DELETE /api/imports/{id}', () => {
  it('takes one import out for analysts, audited, leaving every table as before it (but the audit log)', async () => {
    const [{ customer_id: id }] = await f.engine.query<{ customer_id: string }>('SELECT customer_id FROM customers WHERE NOT derived ORDER BY customer_id LIMIT 1');
    const [{ day }] = await f.engine.query<{ day: string }>('SELECT CAST(max(CAST(ordered_at AS DATE)) AS TEXT) AS day FROM order_lines');
    const before = await rowCounts(f.engine);
    const csv = `order_id,customer_id,ordered_at,amount\nX-1,${id},${day},12.5\nX-2,${id},${day},7\n`;
    const posted = await fetch(`${f.server.url}/api/imports?entity=orders&filename=extra.csv`, { method: 'POST', headers: { ...auth('analyst'), 'content-type': 'text/csv' }, body: csv });
    expect(posted.status).toBe(200);
    const { importId } = (await posted.json()) as { importId: number };

    const denied = await fetch(`${f.server.url}/api/imports/${importId}`, { method: 'DELETE', headers: auth('viewer') });
    expect(denied.status).toBe(403);

    const removed = await fetch(`${f.server.url}/api/imports/${importId}`, { method: 'DELETE', headers: auth('analyst') });
    expect(removed.status).toBe(200);
    const body = (await removed.json()) as { deleted: Record<string, number>; file: string };
    expect(body.deleted.order_lines).toBe(2);
    expect(body.file).not.toMatch(/[/\\]/);

    const after = await rowCounts(f.engine);
    for (const t of Object.keys(before)) if (!['audit_log', 'value_runs', 'customer_summary', 'customer_value_rows', 'customer_list', 'customer_facts', 'customer_category_facts', 'facts_state'].includes(t)) expect(after[t], t).toBe(before[t]);
    const audit = await f.engine.query<{ action: string; target: string }>("SELECT action, target FROM audit_log WHERE action = 'import.remove'");
    expect(audit).toEqual([{ action: 'import.remove', target: `#${importId} orders: extra.csv` }]);

    const again = await fetch(`${f.server.url}/api/imports/${importId}`, { method: 'DELETE', headers: auth('analyst') });
    expect(again.status).toBe(404);
    const bad = await fetch(`${f.server.url}/api/imports/abc`, { method: 'DELETE', headers: auth('analyst') });
    expect(bad.status).toBe(400);
  }, 60_000);

  it('refuses another data set with 422 unless append=true', async () => {
    const csv = 'order_id,customer_id,ordered_at,amount\nZ-1,ZZ-1,1999-01-01,10\n';
    const refused = await fetch(`${f.server.url}/api/imports?entity=orders&filename=other.csv`, { method: 'POST', headers: { ...auth('analyst'), 'content-type': 'text/csv' }, body: csv });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(await refused.json())).toMatch(/--append|append/);
    const appended = await fetch(`${f.server.url}/api/imports?entity=orders&filename=other.csv&append=true`, { method: 'POST', headers: { ...auth('analyst'), 'content-type': 'text/csv' }, body: csv });
    expect(appended.status).toBe(200);
  }, 60_000);

  it('GET /api/settings lists the saved settings (currency for the dashboard)', async () => {
    await f.engine.run(`INSERT INTO settings VALUES ('currency', '"GBP"', now())`);
    const r = await fetch(`${f.server.url}/api/settings`, { headers: auth('viewer') });
    expect(await r.json()).toEqual({ currency: 'GBP' });
  });
});
