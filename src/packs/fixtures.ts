import type { Labels, SeriesSpec } from './types.js';

/**
 * Value shapes of expressions over series that mon's tests start at zero, sampled every minute.
 * Prometheus's rate() over a counter that starts at 0 is zero-capped on the left and not
 * extrapolated on the right, so before the window fills it reads level * t / window.
 */
export const shapes = {
  /** a gauge (or a ratio of gauges): the level from the first sample */
  gauge: (_t: number, level: number) => level,
  /** rate()/increase() over a counter rising at `level` (per second, or per window) */
  rate: (window: number) => (t: number, level: number) => (t < 1 ? undefined : (level * Math.min(t, window)) / window),
  /** a ratio of two rates over the same window, or a quantile of rates: exact from the second sample */
  ratio: (t: number, level: number) => (t < 1 ? undefined : level),
};

export const gauge = (metric: string, labels: Labels, value: number): SeriesSpec => ({
  metric,
  labels,
  kind: 'gauge',
  value,
});
export const counter = (metric: string, labels: Labels, perSecond: number): SeriesSpec => ({
  metric,
  labels,
  kind: 'counter',
  value: perSecond,
});

/** Buckets of a histogram whose 0.95 quantile is `p95`: every observation in the first bucket. */
export function histogram(bucketMetric: string, labels: Labels, p95: number, perSecond = 10): SeriesSpec[] {
  const upper = p95 / 0.95;
  return [
    counter(bucketMetric, { ...labels, le: String(upper) }, perSecond),
    counter(bucketMetric, { ...labels, le: '+Inf' }, perSecond),
  ];
}
