/**
 * A worker thread of `parallel.ts`: keeps its part of the rows, and at each new generation in the shared control
 * words evaluates ℓ and its gradient at the parameters in shared memory, writes them to its slot and counts itself
 * done. Ends when the stop word is set.
 */
import { workerData } from 'node:worker_threads';
import { betaGeoLogLikelihood } from './beta-geometric.js';
import type { ParallelModel } from './parallel.js';
import { paretoNbdValueAndGradient } from './pareto-nbd.js';
import type { CompressedRows } from './summary.js';

function evaluate(model: ParallelModel, p: readonly number[], d: CompressedRows): { value: number; gradient: number[] } {
  if (model === 'pareto-nbd') return paretoNbdValueAndGradient({ r: p[0], alpha: p[1], s: p[2], beta: p[3] }, d, true);
  const r = betaGeoLogLikelihood({ r: p[0], alpha: p[1], a: p[2], b: p[3] }, d, model === 'mbgnbd' ? 1 : 0, true);
  return { value: r.value, gradient: r.gradient as number[] };
}

const { model, slot, ctrl: ctrlBuffer, io: ioBuffer, rows } = workerData as {
  model: ParallelModel;
  slot: number;
  ctrl: SharedArrayBuffer;
  io: SharedArrayBuffer;
  rows: CompressedRows;
};
const ctrl = new Int32Array(ctrlBuffer);
const io = new Float64Array(ioBuffer);
let generation = Atomics.load(ctrl, 0);
Atomics.add(ctrl, 2, 1);
Atomics.notify(ctrl, 2);
for (;;) {
  Atomics.wait(ctrl, 0, generation);
  generation = Atomics.load(ctrl, 0);
  if (Atomics.load(ctrl, 3)) break;
  const r = evaluate(model, [io[0], io[1], io[2], io[3]], rows);
  io[8 + 5 * slot] = r.value;
  for (let j = 0; j < 4; j++) io[8 + 5 * slot + 1 + j] = r.gradient[j];
  Atomics.add(ctrl, 1, 1);
  Atomics.notify(ctrl, 1);
}
