/**
 * Test support for the zh-CN scan: every message and hint the source throws as an expected error
 * (`new UsageError(…)`, `NotFoundError`, `ImportError`, `StoreError`, `ClienteleError`, `FitError`,
 * `SegmentRuleError`, the server's `HttpError`), read from the source with the TypeScript parser. A literal or
 * template is returned as a sample text, each `${…}` replaced by a sample value, so that the test can check that
 * the i18n layer (core-zh.ts) turns every one of them into Chinese — not only the ones a test happens to run into.
 * A helper that throws a text made of its parameters (`fail(path, what)`) is followed to each of its calls, whose
 * literal arguments fill the text. Messages built by `t(…)` (the catalogue) or held in a variable are not samples:
 * `opaque` lists the variables.
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
function texts(e: ts.Expression, sample: string, env: ReadonlyMap<string, readonly string[]> = new Map()): string[] | null {
  if (ts.isParenthesizedExpression(e)) return texts(e.expression, sample, env);
  if (ts.isIdentifier(e) && env.has(e.text)) return [...env.get(e.text)!];
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e.text];
  if (ts.isTemplateExpression(e)) {
    // Each span: a nested literal conditional is expanded, anything else is the sample.
    let acc = [e.head.text];
    for (const span of e.templateSpans) {
      const inner = ts.isConditionalExpression(span.expression) || (ts.isIdentifier(span.expression) && env.has(span.expression.text)) ? texts(span.expression, sample, env) : null;
      const parts = inner ?? [sample];
      acc = acc.flatMap((a) => parts.map((p) => a + p + span.literal.text));
    }
    return acc;
  }
  if (ts.isConditionalExpression(e)) {
    const a = texts(e.whenTrue, sample, env);
    const b = texts(e.whenFalse, sample, env);
    if (!a && !b) return null;
    return [...(a ?? []), ...(b ?? [])];
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const a = texts(e.left, sample, env) ?? [sample];
    const b = texts(e.right, sample, env) ?? [sample];
    return a.flatMap((x) => b.map((y) => x + y));
  }
  return null;
}

/** A function whose body throws one of the errors with a text made of its parameters (a `fail(path, what)` helper). */
interface Helper {
  readonly params: readonly string[];
  readonly throws: ReadonlyArray<{ error: string; kind: 'message' | 'hint'; arg: ts.Expression }>;
}

/** The parameters and the throws of a function-like node, when a throw's text uses a parameter. */
function helperOf(fn: ts.SignatureDeclarationBase & { body?: ts.Node }): Helper | null {
  if (!fn.body) return null;
  const params = fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
  const throws: Array<{ error: string; kind: 'message' | 'hint'; arg: ts.Expression }> = [];
  const uses = (n: ts.Node): boolean => (ts.isIdentifier(n) && params.includes(n.text)) || (ts.forEachChild(n, (c) => (uses(c) ? true : undefined)) ?? false);
  const visit = (n: ts.Node): void => {
    if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text in ARGS && n.arguments) {
      const pos = ARGS[n.expression.text];
      for (const [kind, i] of [['message', pos.message], ['hint', pos.hint]] as const) {
        if (i !== null && i < n.arguments.length && uses(n.arguments[i])) throws.push({ error: n.expression.text, kind, arg: n.arguments[i] });
      }
    }
    // Nested functions are helpers of their own.
    if (!ts.isFunctionLike(n)) ts.forEachChild(n, visit);
  };
  ts.forEachChild(fn.body, visit);
  return throws.length ? { params, throws } : null;
}

/** Every thrown text under `srcDir`, with `${…}` replaced by `sample`; `opaque` lists those given as a variable. */
export function thrownTexts(srcDir: string, sample: string): { texts: ThrownText[]; opaque: string[] } {
  const out: ThrownText[] = [];
  const opaque: string[] = [];
  for (const file of files(srcDir)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const at = (n: ts.Node) => `${relative(srcDir, file)}:${source.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
    const push = (where: string, error: string, kind: 'message' | 'hint', s: string) => out.push({ at: where, kind, error, sample: error === 'SegmentRuleError' ? `${s} at column 7\n    x\n    ^` : s });
    // Helpers of this file, by name: each call's literal arguments fill the helper's text.
    const helpers = new Map<string, Helper>();
    const findHelpers = (n: ts.Node): void => {
      if (ts.isFunctionDeclaration(n) && n.name) {
        const h = helperOf(n);
        if (h) helpers.set(n.name.text, h);
      } else if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && (ts.isArrowFunction(n.initializer) || ts.isFunctionExpression(n.initializer))) {
        const h = helperOf(n.initializer);
        if (h) helpers.set(n.name.text, h);
      }
      ts.forEachChild(n, findHelpers);
    };
    findHelpers(source);
    // A helper called in its file is read at each call; one only called from elsewhere (an exported function) by
    // its own text, with the sample for its parameters.
    const called = new Set<string>();
    const findCalls = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && helpers.has(n.expression.text)) called.add(n.expression.text);
      ts.forEachChild(n, findCalls);
    };
    findCalls(source);
    for (const name of [...helpers.keys()]) if (!called.has(name)) helpers.delete(name);
    const helperArgs = new Set([...helpers.values()].flatMap((h) => h.throws.map((t) => t.arg)));
    const visit = (n: ts.Node): void => {
      if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text in ARGS && n.arguments) {
        const error = n.expression.text;
        const pos = ARGS[error];
        for (const [kind, i] of [['message', pos.message], ['hint', pos.hint]] as const) {
          if (i === null || i >= n.arguments.length) continue;
          const arg = n.arguments[i];
          // A helper's own text is read at each of its calls.
          if (helperArgs.has(arg)) continue;
          const got = texts(arg, sample);
          if (got) for (const s of got) push(at(n), error, kind, s);
          else if (ts.isIdentifier(arg) || ts.isPropertyAccessExpression(arg)) opaque.push(`${at(n)} ${arg.getText()}`);
        }
      } else if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && helpers.has(n.expression.text)) {
        const h = helpers.get(n.expression.text)!;
        const env = new Map<string, readonly string[]>();
        h.params.forEach((p, i) => env.set(p, (i < n.arguments.length ? texts(n.arguments[i], sample) : null) ?? [sample]));
        for (const t of h.throws) for (const s of texts(t.arg, sample, env) ?? []) push(at(n), t.error, t.kind, s);
      }
      ts.forEachChild(n, visit);
    };
    visit(source);
  }
  return { texts: out, opaque };
}
