/**
 * The scanner's helper thread (scan.ts `PlainHelper`): while the scanner accepts one chunk's records in order (the
 * repeat table, the copy, the set-apart file), this thread reads the next chunks' plain lines — splits their fields,
 * judges them against the lean rules and hashes them, the larger part of the scan's work — with the very function
 * the scanner uses (`parsePlain`). It changes no state of the scan: for each line it only says where it is, whether
 * it is plain and read, a suspect, and its hash. The scanner decides, line by line, whether to take that answer
 * (a line inside a quoted record, say, it reads itself).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { mayBePlain, parsePlain, plainContext, type PlainOut, type SuspectRules } from './scan.js';

export interface PlainHelperInit {
  readonly D: number;
  readonly fields: number;
  readonly rules: SuspectRules | null;
  /** The fields of the near-duplicate hash (scan.ts RecordScanOptions.matched), or null. */
  readonly matched: readonly number[] | null;
}

export interface PlainChunkRequest {
  readonly id: number;
  /** A copy of the chunk's bytes (transferred). */
  readonly bytes: ArrayBuffer;
  /** Lines are read from here up to the last newline. */
  readonly start: number;
}

export interface PlainChunkAnswer {
  readonly id: number;
  readonly lines: number;
  /** Per line: its first byte and its newline's offset in the chunk. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Per line: 0 = for the scanner to read; else 1 (plain and read) + 2 if a suspect + 4 if it ends in a spare delimiter. */
  readonly flags: Uint8Array;
  readonly h1: Int32Array;
  readonly h2: Int32Array;
  /** Per line: the near-duplicate hash (the offset basis when no field is matched). */
  readonly n1: Int32Array;
  readonly n2: Int32Array;
  /** Fields that held a padded value in this chunk's plain lines. */
  readonly padded: boolean[];
}

const Q = 0x22;
const init = workerData as PlainHelperInit;

parentPort!.on('message', (m: PlainChunkRequest) => {
  const b = new Uint8Array(m.bytes);
  const padded: boolean[] = new Array(init.fields).fill(false);
  const ctx = plainContext(init.D, init.fields, init.rules, padded, init.matched);
  const out: PlainOut = { w1: 0, w2: 0, n1: 0, n2: 0, suspect: false, trail: false };
  let n = 0;
  for (let i = b.indexOf(0x0a, m.start); i >= 0; i = b.indexOf(0x0a, i + 1)) n++;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  const flags = new Uint8Array(n);
  const h1 = new Int32Array(n);
  const h2 = new Int32Array(n);
  const n1 = new Int32Array(n);
  const n2 = new Int32Array(n);
  let nextQuote = b.indexOf(Q, m.start);
  let start = m.start;
  for (let k = 0; k < n; k++) {
    const nl = b.indexOf(0x0a, start);
    starts[k] = start;
    ends[k] = nl;
    if (nextQuote >= 0 && nextQuote < start) nextQuote = b.indexOf(Q, start);
    // The scanner's own test for a plain line (scan.ts fastLine), and no quote.
    if (!(nextQuote >= 0 && nextQuote < nl) && mayBePlain(b, start, nl) && parsePlain(b, start, nl, ctx, out) === null) {
      flags[k] = 1 | (out.suspect ? 2 : 0) | (out.trail ? 4 : 0);
      h1[k] = out.w1;
      h2[k] = out.w2;
      n1[k] = out.n1;
      n2[k] = out.n2;
    }
    start = nl + 1;
  }
  const answer: PlainChunkAnswer = { id: m.id, lines: n, starts, ends, flags, h1, h2, n1, n2, padded };
  parentPort!.postMessage(answer, [starts.buffer, ends.buffer, flags.buffer, h1.buffer, h2.buffer, n1.buffer, n2.buffer]);
});
