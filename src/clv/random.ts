/**
 * A seeded pseudo-random source for simulations: xoshiro128** (Blackman & Vigna 2018), seeded by
 * splitmix32, with the samplers the models need. Same seed, same draws, on every platform.
 */

export interface Random {
  /** Uniform on (0, 1), never exactly 0 or 1. */
  uniform(): number;
  /** Exponential with the given rate. */
  exponential(rate: number): number;
  /** Gamma with shape k and rate θ (mean k/θ); Marsaglia & Tsang (2000), boosted for k < 1. */
  gamma(shape: number, rate: number): number;
  /** Beta(a, b) as X/(X+Y) of two gammas. */
  beta(a: number, b: number): number;
  /** Standard normal (Box–Muller, one draw per call). */
  normal(): number;
}

export function createRandom(seed: number): Random {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const st = new Uint32Array([splitmix(), splitmix(), splitmix(), splitmix()]);
  const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;
  const next = () => {
    const result = Math.imul(rotl(Math.imul(st[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (st[1] << 9) >>> 0;
    st[2] ^= st[0];
    st[3] ^= st[1];
    st[1] ^= st[2];
    st[0] ^= st[3];
    st[2] ^= t;
    st[3] = rotl(st[3], 11);
    return result;
  };
  // 53 random bits, shifted by half an ulp so 0 never occurs.
  const uniform = () => ((next() >>> 5) * 67108864 + (next() >>> 6) + 0.5) / 9007199254740992;
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const gamma = (shape: number, rate: number): number => {
    if (!(shape > 0 && rate > 0)) throw new RangeError(`gamma requires shape > 0 and rate > 0, got ${shape}, ${rate}`);
    if (shape < 1) return gamma(shape + 1, rate) * Math.pow(uniform(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = uniform();
      if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return (d * v) / rate;
    }
  };
  return {
    uniform,
    normal,
    gamma,
    exponential: (rate) => -Math.log(uniform()) / rate,
    beta: (a, b) => {
      const x = gamma(a, 1);
      return x / (x + gamma(b, 1));
    },
  };
}
