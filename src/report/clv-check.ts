import type { Engine } from '../engine/engine.js';
import type { ClvCheck } from './data.js';

/** The last `clientele clv check`, when the store has one (the CLV work stores it); null otherwise. */
export async function loadClvCheck(_engine: Engine): Promise<ClvCheck | null> {
  return null;
}
