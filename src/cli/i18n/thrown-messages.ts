/**
 * Test support for the zh-CN scan: every message and hint the source throws as an expected error
 * (`new UsageError(…)`, `NotFoundError`, `ImportError`, `StoreError`, `ClienteleError`, `FitError`,
 * `SegmentRuleError`, the server's `HttpError`), read from the source with the TypeScript parser. A literal or
 * template is returned as a sample text, each `${…}` replaced by a sample value, so that the test can check that
 * the i18n layer (core-zh.ts) turns every one of them into Chinese — not only the ones a test happens to run into.
 * Messages built by `t(…)` (the catalogue) or held in a variable are not samples: `opaque` lists the variables.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface ThrownText {
  /** src-relative file and line. */
  readonly at: string;
  readonly kind: 'message' | 'hint';
  readonly error: string;
  /** The text, with every `${…}` replaced by the sample value. */
  readonly sample: string;
}

/** Where each error class takes its message and hint (argument positions). */
const ARGS: Readonly<Record<string, { message: number; hint: number | null }>> = {
  UsageError: { message: 0, hint: 1 },
  NotFoundError: { message: 0, hint: 1 },
  StoreError: { message: 0, hint: 1 },
  ClienteleError: { message: 0, hint: 1 },
  FitError: { message: 0, hint: 1 },
  ImportError: { message: 0, hint: 2 },
  SegmentRuleError: { message: 0, hint: null },
  HttpError: { message: 1, hint: null },
};

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'test-support' && e.name !== 'bench') out.push(...files(p));
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/**
 * The texts an expression can produce, with `${…}` as `sample`; null when it is not made of literals (a call, a
 * variable). A conditional gives both branches.
 */
function texts(e: ts.Expression, sample: string): string[] | null {
  if (ts.isParenthesizedExpression(e)) return texts(e.expression, sample);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e.text];
  if (ts.isTemplateExpression(e)) {
    // Each span: a nested literal conditional is expanded, anything else is the sample.
    let acc = [e.head.text];
    for (const span of e.templateSpans) {
      const inner = ts.isConditionalExpression(span.expression) ? texts(span.expression, sample) : null;
      const parts = inner ?? [sample];
      acc = acc.flatMap((a) => parts.map((p) => a + p + span.literal.text));
    }
    return acc;
  }
  if (ts.isConditionalExpression(e)) {
    const a = texts(e.whenTrue, sample);
    const b = texts(e.whenFalse, sample);
    if (!a && !b) return null;
    return [...(a ?? []), ...(b ?? [])];
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const a = texts(e.left, sample) ?? [sample];
    const b = texts(e.right, sample) ?? [sample];
    return a.flatMap((x) => b.map((y) => x + y));
  }
  return null;
}

/** Every thrown text under `srcDir`, with `${…}` replaced by `sample`; `opaque` lists those given as a variable. */
export function thrownTexts(srcDir: string, sample: string): { texts: ThrownText[]; opaque: string[] } {
  const out: ThrownText[] = [];
  const opaque: string[] = [];
  for (const file of files(srcDir)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node): void => {
      if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text in ARGS && n.arguments) {
        const error = n.expression.text;
        const where = `${relative(srcDir, file)}:${source.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
        const pos = ARGS[error];
        for (const [kind, i] of [['message', pos.message], ['hint', pos.hint]] as const) {
          if (i === null || i >= n.arguments.length) continue;
          const arg = n.arguments[i];
          const got = texts(arg, sample);
          if (got) for (const s of got) out.push({ at: where, kind, error, sample: error === 'SegmentRuleError' ? `${s} at column 7\n    x\n    ^` : s });
          else if (ts.isIdentifier(arg) || ts.isPropertyAccessExpression(arg)) opaque.push(`${where} ${arg.getText()}`);
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(source);
  }
  return { texts: out, opaque };
}
