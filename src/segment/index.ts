export { parseRule } from './parser.js';
export { SegmentRuleError, tokenize, MAX_RULE_LENGTH } from './lexer.js';
export type { Expr, Literal, CompareOp } from './ast.js';
export { compileField, compileRule, type CompiledRule } from './compile.js';
export { FIELDS, closeFields, type FieldContext, type FieldDef, type FieldType } from './fields.js';
export { countRule, createSegment, deleteSegment, listSegments, segmentMembers, showSegment, checkSegmentName, latestRun, type SegmentInfo, type SegmentListItem, type MemberRow, type ValueRun } from './store.js';
export { chooseK, kmeans, silhouette, standardise, type KMeansResult } from './kmeans.js';
export { clusterCustomers, describeCentroid, resolveFeatures, type ClusterResult } from './cluster.js';
export { portrait, type Portrait } from './portrait.js';
