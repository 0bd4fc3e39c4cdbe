// Medians, ranges and throughputs of timed passes.

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Times in milliseconds of passes over `bytes` bytes: the median, min and max time, and the
 * throughput in GB/s (10^9 bytes per second) at the median, slowest and fastest pass. */
export function summarize(times, bytes) {
  const ms = median(times);
  const fastest = Math.min(...times);
  const slowest = Math.max(...times);
  const rate = (t) => bytes / t / 1e6;
  return { ms, fastest, slowest, gbps: rate(ms), gbpsMin: rate(slowest), gbpsMax: rate(fastest) };
}

/** "3.41 GB/s (3.10-3.52)" */
export function formatRate(summary) {
  return `${fixed(summary.gbps)} GB/s (${fixed(summary.gbpsMin)}-${fixed(summary.gbpsMax)})`;
}

/** A number with 3 significant digits, e.g. 0.0123, 1.23, 12.3, 123. */
export function fixed(value) {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return "0";
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  return value.toFixed(Math.min(digits, 4));
}
