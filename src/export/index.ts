export { csvCell, csvHead, csvLine, csvStream, plainNumber, runsAsFormula, writeCsv } from './csv.js';
export { careTable, qualifyTable, recommendationsTable, segmentMembersTable, type CsvTable } from './lists.js';
export { COLUMNS, columnHeader, roundCell, type ColumnKind } from './columns.js';
export { LAYOUTS, exportTable, parseLayout, splitName, type ExportLang, type ExportTable, type Layout } from './layouts.js';
