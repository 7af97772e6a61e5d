import { strToU8, zipSync } from 'fflate';

/**
 * A minimal .xlsx writer for tests, written from the Office Open XML spec (ECMA-376 part 1, §18) and independent
 * of the reader the importer uses: shared strings, numbers, booleans, and dates stored as Excel serial numbers
 * with a date number format (built-in 14 `m/d/yyyy`, or a custom `yyyy/mm/dd hh:mm`), rows placed at the row
 * numbers given (so a sheet may start below a title), and the 1904 date system.
 */
export type XlsxCell = string | number | boolean | null | { readonly serial: number; readonly format: 'date' | 'datetime' };
export interface XlsxSheet {
  readonly name: string;
  /** Rows, placed from `firstRow` (default 1) down. */
  readonly rows: ReadonlyArray<readonly XlsxCell[]>;
  readonly firstRow?: number;
}

const esc = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
const colName = (i: number): string => (i < 26 ? String.fromCharCode(65 + i) : colName(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26)));

/** The Excel serial (1900 system) of a UTC date-time: days since 1899-12-30, the fraction the time of day. */
export function excelSerial(d: Date, date1904 = false): number {
  return (d.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000 - (date1904 ? 1462 : 0);
}

export function buildXlsx(sheets: readonly XlsxSheet[], opts: { date1904?: boolean } = {}): Uint8Array {
  const strings: string[] = [];
  const sid = new Map<string, number>();
  const stringId = (s: string) => {
    let i = sid.get(s);
    if (i === undefined) sid.set(s, (i = strings.push(s) - 1));
    return i;
  };
  const files: Record<string, Uint8Array> = {};
  sheets.forEach((sh, n) => {
    const rows = sh.rows
      .map((cells, r) => {
        const rn = (sh.firstRow ?? 1) + r;
        const cs = cells
          .map((v, c) => {
            const ref = `${colName(c)}${rn}`;
            if (v === null) return '';
            if (typeof v === 'string') return `<c r="${ref}" t="s"><v>${stringId(v)}</v></c>`;
            if (typeof v === 'boolean') return `<c r="${ref}" t="b"><v>${v ? 1 : 0}</v></c>`;
            if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
            return `<c r="${ref}" s="${v.format === 'date' ? 1 : 2}"><v>${v.serial}</v></c>`;
          })
          .join('');
        return `<row r="${rn}">${cs}</row>`;
      })
      .join('');
    files[`xl/worksheets/sheet${n + 1}.xml`] = strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`,
    );
  });
  files['xl/sharedStrings.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('')}</sst>`,
  );
  files['xl/styles.xml'] = strToU8(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy/mm/dd hh:mm"/></numFmts>' +
      '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>' +
      '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>',
  );
  files['xl/workbook.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${opts.date1904 ? '<workbookPr date1904="1"/>' : '<workbookPr/>'}<sheets>${sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
  );
  const rel = (id: string, type: string, target: string) => `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/>`;
  files['xl/_rels/workbook.xml.rels'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => rel(`rId${i + 1}`, 'worksheet', `worksheets/sheet${i + 1}.xml`)).join('')}${rel(`rId${sheets.length + 1}`, 'sharedStrings', 'sharedStrings.xml')}${rel(`rId${sheets.length + 2}`, 'styles', 'styles.xml')}</Relationships>`,
  );
  files['_rels/.rels'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel('rId1', 'officeDocument', 'xl/workbook.xml')}</Relationships>`,
  );
  const ct = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  files['[Content_Types].xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="${ct}.sheet.main+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${ct}.worksheet+xml"/>`).join('')}<Override PartName="/xl/sharedStrings.xml" ContentType="${ct}.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="${ct}.styles+xml"/></Types>`,
  );
  return zipSync(files);
}
