/** Scores of a binary classifier against outcomes. */

/**
 * Area under the ROC curve: the probability that a random positive scores above a random negative, ties
 * counting one half (Mann–Whitney U / (n₊·n₋)). O(n log n).
 */
export function auc(scores: ArrayLike<number>, outcomes: ArrayLike<boolean>): number {
  const n = scores.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSumPos = 0;
  let pos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[idx[j + 1]] === scores[idx[i]]) j++;
    const midRank = (i + j) / 2 + 1; // ranks are 1-based; tied values share their mean rank
    for (let k = i; k <= j; k++) if (outcomes[idx[k]]) (rankSumPos += midRank), pos++;
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) throw new RangeError('auc requires at least one positive and one negative outcome');
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Mean squared error of the predicted probabilities. */
export function brier(p: ArrayLike<number>, outcomes: ArrayLike<boolean>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (p[i] - (outcomes[i] ? 1 : 0)) ** 2;
  return s / p.length;
}

/** Predicted against observed rates by deciles of the prediction. */
export function calibration(p: ArrayLike<number>, outcomes: ArrayLike<boolean>, bins = 10): Array<{ bin: number; n: number; predicted: number; observed: number }> {
  const idx = Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[a] - p[b] || a - b);
  return Array.from({ length: bins }, (_, b) => {
    const part = idx.slice(Math.floor((b * idx.length) / bins), Math.floor(((b + 1) * idx.length) / bins));
    return {
      bin: b + 1,
      n: part.length,
      predicted: part.reduce((a, i) => a + p[i], 0) / Math.max(1, part.length),
      observed: part.reduce((a, i) => a + (outcomes[i] ? 1 : 0), 0) / Math.max(1, part.length),
    };
  });
}

/**
 * Expected calibration error over the bins of `calibration`: Σ_b (n_b / n) · |predicted_b − observed_b|, the mean
 * gap between the predicted and the observed rate (Naeini, Cooper & Hauskrecht 2015). 0 is perfectly calibrated.
 */
export function calibrationError(bins: ReadonlyArray<{ n: number; predicted: number; observed: number }>): number {
  const n = bins.reduce((a, b) => a + b.n, 0);
  return n ? bins.reduce((a, b) => a + b.n * Math.abs(b.predicted - b.observed), 0) / n : 0;
}
