/**
 * The sample at quantile `q` (0..1) of `samples`, nearest rank: what benchmarks report as p50/p99.
 *
 * @example
 * const p99 = quantile(roundTripsMs, 0.99);
 */
export function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
}
