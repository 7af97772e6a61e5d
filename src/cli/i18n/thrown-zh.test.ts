/**
 * Every expected error the source throws (message and hint) is in 简体中文 through the i18n layer: the texts are
 * read from the source (thrown-messages.ts), not from the few error paths a CLI run happens to take, so a new
 * `throw new UsageError('…')` without its Chinese fails here.
 */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localizeError, translateCore } from './index.js';
import { thrownTexts } from './thrown-messages.js';
import { leftovers } from './zh-leftovers.js';
import { ClienteleError, ImportError, UsageError } from '../../errors.js';
import { FileRefusal, OptionRefusal, REFUSALS } from '../../data/refusals.js';
import { explainDiagnostics } from '../../clv/diagnostics.js';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Messages given as a variable, each checked elsewhere: a new one must be added here with the reason. */
const OPAQUE_KNOWN = new Set([
  'cli/commands/segment.ts e.message', // a NotFoundError of value (no order lines), re-thrown with another hint
  'cli/server-client.ts message', // the server's own answer, already in the client's language
  'cli/server-client.ts hint',
  'clv/fit.ts spec.model', // FitError(model, reason): the reason is a literal, the message a pattern
  'clv/optimize.ts model',
  'engine/store.ts CLICKHOUSE_NOT_A_STORE', // core-zh.ts's exact texts
  'engine/store.ts CLICKHOUSE_NOT_A_STORE_HINT',
  'server/routes/data.ts e.hint', // an import error re-thrown by the API
]);

describe('thrown messages in zh-CN', () => {
  const { texts, opaque } = thrownTexts(SRC, '7');

  it('finds the thrown messages', () => {
    expect(texts.length).toBeGreaterThan(250);
    expect(texts.some((x) => x.sample === 'there is no customer 7')).toBe(true);
  });

  it('translates every message and hint the source throws', () => {
    const bad: string[] = [];
    for (const x of texts) {
      // FitError's reason is its message's tail (`${model}: fit failed: ${reason}`).
      const sample = x.error === 'FitError' && x.kind === 'hint' ? `bgnbd: fit failed: ${x.sample}` : x.sample;
      const zh = translateCore(sample, 'zh-CN');
      // Names and values quoted from the English ("…" → “…”) stay as they are.
      const left = leftovers(zh.replace(/“[^”]*”/g, ' '), ['7']);
      if (left.length) bad.push(`${x.at} ${x.kind}: ${sample.split('\n')[0]}  →  ${left.join(' | ')}`);
    }
    expect(bad).toEqual([]);
  });

  it('knows every message given as a variable', () => {
    expect(opaque.map((o) => o.replace(/:\d+ /, ' ')).filter((o) => !OPAQUE_KNOWN.has(o))).toEqual([]);
  });

  it("uses a refusal's own Chinese (OptionRefusal, FileRefusal) for every code", () => {
    const bad: string[] = [];
    for (const code of Object.keys(REFUSALS) as (keyof typeof REFUSALS)[]) {
      const params = { value: 'x', part: 'Q', allowed: 'utf8, big5, "|", latin-1', sheet: 'S', file: 'f.xlsx', reason: 'r', columns: 7, limit: 7, megabytes: 7, index: 7, kind: 'a number', kindZh: '数字', line: 7, count: 7, sheets: 'A', where: 'line 7', whereZh: '第 7 行' };
      const e = code.startsWith('sheet_not') || code.startsWith('encoding') || code.startsWith('delimiter') || code.startsWith('date_format') ? new OptionRefusal(code, params) : new FileRefusal(code, 'f', params);
      const zh = localizeError(e, 'zh-CN');
      bad.push(...leftovers(`${zh.message}\n${zh.hint ?? ''}`, ['x', 'Q', 'S', 'r', 'f.xlsx', '"data"']).map((l) => `${code}: ${l}`));
    }
    expect(bad).toEqual([]);
  });

  it('leaves English as it is, and a message it does not know unchanged', () => {
    expect(localizeError(new UsageError('there is no customer 7', 'h'), 'en')).toEqual({ message: 'there is no customer 7', hint: 'h' });
    expect(localizeError(new ImportError('something new', 'f'), 'zh-CN').message).toBe('something new');
    expect(localizeError(new ClienteleError('there is no customer 7'), 'zh-CN').message).toBe('没有客户 7');
  });

  it("translates a boundary fit's refusal with the diagnostic's own Chinese (clv predict)", () => {
    for (const [model, d] of [['bgnbd', { kind: 'boundary', parameter: 'a', toward: 'zero' }], ['pareto-nbd', { kind: 'boundary', parameter: 's', toward: 'infinity' }], ['bgnbd', { kind: 'singular-hessian' }], ['mbgnbd', { kind: 'limit', limit: 'time' }]] as const) {
      const words = explainDiagnostics(model, [d])[0];
      // As src/clv/store.ts writes it.
      const message = `${model}: the fit reached a boundary, so no predictions were saved: ${words.meaning.en} / ${words.meaning.zh}`;
      const hint = `${words.tryInstead.en}; or pass --accept-boundary to save them anyway (value will then use a CLV that assumes nobody leaves)`;
      const zh = localizeError(new UsageError(message, hint), 'zh-CN');
      expect(zh.message).toContain(words.meaning.zh);
      expect(zh.message).not.toContain(words.meaning.en);
      expect(zh.hint).toContain(words.tryInstead.zh);
      expect(leftovers(`${zh.message}\n${zh.hint}`, [], ['P(alive)', model])).toEqual([]);
    }
  });
});
