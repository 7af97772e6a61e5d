import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import type { Encoding } from './sniff.js';
import { splitWhitespace } from './sniff.js';

/** SHA-256 of the file's bytes: the identity that makes a repeated import a no-op. */
export async function hashFile(path: string, onBytes?: (n: number) => void): Promise<string> {
  const h = createHash('sha256');
  let n = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    h.update(chunk as Buffer);
    n += (chunk as Buffer).length;
    onBytes?.(n);
  }
  return h.digest('hex');
}

function csvField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/**
 * Rewrites a file the engine cannot read as it is (GB18030 text, whitespace-separated columns) into UTF-8 CSV.
 * Streams, so the file's size does not matter.
 */
export async function transcodeToCsv(input: string, output: string, opts: { encoding: Encoding; bom: boolean; whitespace: boolean }, onBytes?: (n: number) => void): Promise<void> {
  const decoder = new TextDecoder(opts.encoding === 'gb18030' ? 'gb18030' : 'utf-8');
  const out = createWriteStream(output);
  let carry = '';
  let read = 0;
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  const emit = async (text: string, final: boolean) => {
    if (!opts.whitespace) return write(text);
    const all = carry + text;
    const lines = all.split('\n');
    carry = final ? '' : lines.pop()!;
    const rows = lines.map((l) => splitWhitespace(l)).filter((f) => f.length > 0).map((f) => f.map(csvField).join(','));
    if (rows.length) await write(rows.join('\n') + '\n');
  };
  let first = true;
  for await (const chunk of createReadStream(input, { highWaterMark: 1 << 20 })) {
    let buf = chunk as Buffer;
    read += buf.length;
    if (first && opts.bom && buf[0] === 0xef) buf = buf.subarray(3);
    first = false;
    await emit(decoder.decode(buf, { stream: true }), false);
    onBytes?.(read);
  }
  await emit(decoder.decode(), true);
  out.end();
  await once(out, 'finish');
}
