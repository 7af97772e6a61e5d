/** The segment language's syntax tree. Literals stay values: they become SQL parameters, never SQL text. */

export type Literal =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'date'; readonly value: string }
  /** Relative to the as-of date: -90d is 90 days before it, -6m six calendar months (clamped to the month's end). */
  | { readonly kind: 'duration'; readonly amount: number; readonly unit: DurationUnit };

export type DurationUnit = 'd' | 'w' | 'm' | 'y';

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Expr =
  | { readonly kind: 'and' | 'or'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'not'; readonly expr: Expr }
  | { readonly kind: 'compare'; readonly field: string; readonly op: CompareOp; readonly value: Literal; readonly pos: number }
  | { readonly kind: 'in'; readonly field: string; readonly values: readonly Literal[]; readonly negated: boolean; readonly pos: number }
  | { readonly kind: 'between'; readonly field: string; readonly low: Literal; readonly high: Literal; readonly pos: number }
  | { readonly kind: 'isNull'; readonly field: string; readonly negated: boolean; readonly pos: number }
  | { readonly kind: 'contains'; readonly field: string; readonly value: string; readonly pos: number };

/** A test on one field: a leaf of the tree. */
export type Test = Extract<Expr, { readonly field: string }>;

/** The rule's tests, left to right, through and, or and not. */
export function* tests(e: Expr): Generator<Test> {
  switch (e.kind) {
    case 'and':
    case 'or':
      yield* tests(e.left);
      yield* tests(e.right);
      return;
    case 'not':
      yield* tests(e.expr);
      return;
    default:
      yield e;
  }
}
