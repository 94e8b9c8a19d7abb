/** Nearest-rank percentile of ascending `sorted` values: `share` 0.5 is the median, 0.99 the p99, 1 the largest; NaN when empty. */
export function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))] ?? NaN;
}

/** Nearest-rank percentile of values in any order (sorts a copy). */
export const percentileOf = (values: readonly number[], share: number) => percentile([...values].sort((a, b) => a - b), share);
