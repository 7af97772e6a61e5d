export { parseRule } from './parser.js';
export { SegmentRuleError, tokenize, MAX_RULE_LENGTH } from './lexer.js';
export type { Expr, Literal, CompareOp } from './ast.js';
export { compileRule, sqlSegmentMembers, type CompiledRule } from './compile.js';
export { FIELDS, closeFields, type FieldDef, type FieldType } from './fields.js';
export { countRule, createSegment, deleteSegment, listSegments, segmentMembers, showSegment, checkSegmentName, type SegmentInfo, type MemberRow } from './store.js';
