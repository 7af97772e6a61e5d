export { csvCell, csvHead, csvLine, csvStream, writeCsv } from './csv.js';
export { careTable, qualifyTable, recommendationsTable, segmentMembersTable, type CsvTable } from './lists.js';
