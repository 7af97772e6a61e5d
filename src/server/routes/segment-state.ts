import type { Engine } from '../../engine/engine.js';
import { NotFoundError } from '../../errors.js';
import { segmentState, showSegment } from '../../segment/index.js';
import type { ValueReport } from '../../value/index.js';
import type { ServerState } from '../route.js';

/**
 * A read of a saved segment against the current value run: its members are recomputed first (a write) when they
 * are of an older run, so the read itself never writes. 404 when there is no such segment.
 */
export async function withFreshSegment<T>(s: ServerState, name: string, fn: (view: Engine, v: ValueReport) => Promise<T>, signal?: AbortSignal): Promise<T> {
  for (;;) {
    const out = await s.withValue(async (view, v) => {
      const state = await segmentState(view, name, { runId: v.runId, asOf: v.asOf });
      if (state === 'missing') throw new NotFoundError(`there is no segment "${name}"`, 'see them with: GET /api/segments');
      return state === 'fresh' ? { ok: true as const, value: await fn(view, v) } : { ok: false as const };
    }, signal);
    if (out.ok) return out.value;
    await s.write(async () => {
      await showSegment(s.engine, name, s.options.valueConfig);
      s.forget();
    });
  }
}
