import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { FileRefusal } from './refusals.js';

/**
 * A JSON array of objects (`[ {...}, {...} ]`) rewritten as JSON lines, which the pipeline reads: element i
 * becomes line i + 1, so a quarantined line N is the array's element N (index N − 1).
 *
 * Streamed in one pass: a small scanner finds where each top-level element ends (depth and strings), and each
 * element is checked with JSON.parse on its own, so the cost is linear and memory holds one element. The
 * element's text is copied without the whitespace between tokens, not re-serialised, so numbers keep every
 * digit (a 19-digit order id stays exact). Hand-written because it is 60 lines against a streaming-parser
 * dependency, and JSON.parse does the parsing.
 */
export async function jsonArrayToLines(input: string, output: string): Promise<{ readonly records: number }> {
  const out = createWriteStream(output);
  // JSON is UTF-8 (RFC 8259 §8.1): other bytes are refused, never loaded as replacement characters.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let state: 'start' | 'between' | 'element' | 'end' = 'start';
  let element = '';
  let elementLine = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let line = 1;
  let records = 0;
  let pending = '';
  let first = true;

  const finish = async () => {
    let value: unknown;
    try {
      value = JSON.parse(element);
    } catch (e) {
      throw new FileRefusal('json_bad_element', input, { index: records + 1, line: elementLine, reason: (e as Error).message.slice(0, 120) });
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw notObject(input, records + 1, value);
    pending += element + '\n';
    records++;
    element = '';
    if (pending.length > 1 << 20) {
      if (!out.write(pending)) await once(out, 'drain');
      pending = '';
    }
  };

  try {
    for await (const chunk of createReadStream(input, { highWaterMark: 1 << 20 })) {
      let text: string;
      try {
        text = decoder.decode(chunk as Buffer, { stream: true });
      } catch {
        throw new FileRefusal('json_not_utf8', input, { line });
      }
      if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
      for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === '\n') line++;
        if (state === 'element') {
          if (inString) {
            element += c;
            if (escaped) escaped = false;
            else if (c === '\\') escaped = true;
            else if (c === '"') inString = false;
            continue;
          }
          if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
          element += c;
          if (c === '"') inString = true;
          else if (c === '{' || c === '[') {
            if (++depth > MAX_JSON_DEPTH) throw tooDeep(input, `array's element ${records + 1} (from line ${elementLine})`, `数组的第 ${records + 1} 个元素（自第 ${elementLine} 行起）`);
          }
          else if (c === '}' || c === ']') {
            depth--;
            if (depth === 0) {
              await finish();
              state = 'between';
            }
          }
          continue;
        }
        if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
        if (state === 'start') {
          if (c !== '[') throw new Error('jsonArrayToLines: the file does not start with [');
          state = 'between';
        } else if (state === 'between') {
          if (c === ',') continue;
          if (c === ']') state = 'end';
          else if (c === '{') {
            state = 'element';
            element = c;
            elementLine = line;
            depth = 1;
          } else throw notObject(input, records + 1, c);
        } else throw new FileRefusal('json_trailing', input, { line });
      }
    }
    if (state !== 'end') throw new FileRefusal('json_unterminated', input, { count: records });
    if (records === 0) throw new FileRefusal('json_empty_array', input);
    out.end(pending);
    await once(out, 'finish');
    return { records };
  } catch (e) {
    out.destroy();
    throw e;
  }
}

/**
 * How deep a record's values may nest (the record's own object is level 1). Real exports nest a few levels (an
 * address in an order); the engine's JSON reader recurses into every level when it infers types, and a value
 * nested 100,000 deep crashed the process (QA session 9, C1), so deeper files are refused before it reads them.
 */
export const MAX_JSON_DEPTH = 64;

function tooDeep(file: string, where: string, whereZh: string): FileRefusal {
  return new FileRefusal('json_too_deep', file, { where, whereZh, limit: MAX_JSON_DEPTH });
}

/**
 * JSON lines: refuses a file with a value nested deeper than MAX_JSON_DEPTH, in one streamed pass over its bytes
 * (brackets outside strings; the engine reads the file itself afterwards).
 */
export async function checkJsonLinesDepth(input: string): Promise<void> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let line = 1;
  for await (const chunk of createReadStream(input, { highWaterMark: 1 << 20 })) {
    const b = chunk as Buffer;
    for (let i = 0; i < b.length; i++) {
      const c = b[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 0x5c) escaped = true;
        else if (c === 0x22) inString = false;
        continue;
      }
      if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) {
        if (++depth > MAX_JSON_DEPTH) throw tooDeep(input, `line ${line}`, `第 ${line} 行`);
      } else if (c === 0x7d || c === 0x5d) depth = Math.max(0, depth - 1);
      else if (c === 0x0a) {
        line++;
        depth = 0; // one record per line: a line left open is the engine's to report
      }
    }
  }
}

/** The element is not an object: say what it is, from its value or its first character. */
function notObject(file: string, index: number, v: unknown): FileRefusal {
  const c = typeof v === 'string' && v.length === 1 ? v : null;
  const kind =
    c !== null ? (c === '"' ? 'text' : c === '[' ? 'an array' : /[-\d]/.test(c) ? 'a number' : c === 't' || c === 'f' ? 'true or false' : c === 'n' ? 'null' : `"${c}"`) : Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v === 'number' ? 'a number' : typeof v === 'boolean' ? 'true or false' : 'text';
  const zh: Record<string, string> = { text: '文本', 'an array': '数组', 'a number': '数字', 'true or false': '布尔值', null: 'null' };
  return new FileRefusal('json_not_objects', file, { index, kind, kindZh: zh[kind] ?? kind });
}
