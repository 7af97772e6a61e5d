// The CSV writer lives in src/export (shared with the server); kept here for the commands that import it.
export { csvCell, writeCsv } from '../export/index.js';
