/**
 * Threshold tuning from history: the distribution of a rule's left-hand side, and the threshold at
 * which it would have fired at a target rate. For-aware: a `>` rule fires only when the value has
 * stayed above the threshold for `for`, that is when the rolling minimum over `for` is above it
 * (the rolling maximum for `<`); episodes are the upcrossings of that rolling series.
 */
export interface Distribution {
  samples: number;
  /** share of the evaluation steps with a value */
  coverage: number;
  /** the longest run of steps without a value, ms */
  longestGapMs: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  min: number;
  mean: number;
  stddev: number;
  median: number;
  mad: number;
  /** least-squares slope per day */
  trendPerDay: number;
  /** share of the variance explained by the hour of day (0: none, 1: all) */
  seasonality: number;
}

const quantile = (sorted: number[], q: number) => {
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
};
const round = (x: number) => Number(x.toPrecision(6));

export function distribution(points: Array<[number, number]>, steps: number, stepMs: number): Distribution {
  const values = points.map(([, v]) => v);
  const sorted = [...values].sort((a, b) => a - b);
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
  const median = quantile(sorted, 0.5);
  const mad = quantile(
    values.map((v) => Math.abs(v - median)).sort((a, b) => a - b),
    0.5,
  );
  const t0 = points[0]?.[0] ?? 0;
  const xs = points.map(([t]) => (t - t0) / 86_400_000);
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const sxy = xs.reduce((a, x, i) => a + (x - mx) * (values[i]! - mean), 0);
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  const byHour = new Map<number, number[]>();
  points.forEach(([t, v]) => {
    const h = new Date(t).getUTCHours();
    if (!byHour.has(h)) byHour.set(h, []);
    byHour.get(h)!.push(v);
  });
  let between = 0;
  for (const vs of byHour.values()) between += vs.length * (vs.reduce((a, b) => a + b, 0) / vs.length - mean) ** 2;
  let longestGap = 0;
  for (let i = 1; i < points.length; i++) longestGap = Math.max(longestGap, points[i]![0] - points[i - 1]![0] - stepMs);
  return {
    samples: n,
    coverage: round(n / steps),
    longestGapMs: longestGap,
    p50: round(median),
    p90: round(quantile(sorted, 0.9)),
    p95: round(quantile(sorted, 0.95)),
    p99: round(quantile(sorted, 0.99)),
    max: round(sorted[n - 1]!),
    min: round(sorted[0]!),
    mean: round(mean),
    stddev: round(Math.sqrt(variance)),
    median: round(median),
    mad: round(mad),
    trendPerDay: round(sxx ? sxy / sxx : 0),
    seasonality: round(variance ? between / (n * variance) : 0),
  };
}

/** The rolling minimum (for `>`) or maximum (for `<`) over `forSteps` consecutive steps; a gap breaks it. */
export function rolling(points: Array<[number, number]>, stepMs: number, forSteps: number, compare: '>' | '<') {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < points.length; i++) {
    const from = i - forSteps;
    if (from < 0) continue;
    if (points[i]![0] - points[from]![0] !== forSteps * stepMs) continue;
    const window = points.slice(from, i + 1).map(([, v]) => v);
    out.push([points[i]![0], compare === '>' ? Math.min(...window) : Math.max(...window)]);
  }
  return out;
}

/** Episodes at a threshold: upcrossings of the rolling series (a gap ends an episode). */
export function episodesAt(rolled: Array<[number, number]>, stepMs: number, threshold: number, compare: '>' | '<') {
  let count = 0;
  let on = false;
  let last = -Infinity;
  for (const [t, v] of rolled) {
    const hit = compare === '>' ? v > threshold : v < threshold;
    if (hit && (!on || t - last > stepMs)) count++;
    on = hit;
    last = t;
  }
  return count;
}

/**
 * The least sensitive threshold is not wanted, the most sensitive one that keeps the episodes at
 * or under the target: among the rolling values (each a candidate just beyond it), the one with
 * the most episodes not above `allowed`.
 */
export function suggest(rolled: Array<[number, number]>, stepMs: number, compare: '>' | '<', allowed: number) {
  const candidates = [...new Set(rolled.map(([, v]) => v))].sort((a, b) => (compare === '>' ? a - b : b - a));
  for (const c of candidates) {
    // six significant digits, never on the firing side of the candidate
    let t = round(c);
    if (compare === '>' ? t < c : t > c) t = round(c + (compare === '>' ? 1 : -1) * Math.abs(c) * 1e-6);
    const episodes = episodesAt(rolled, stepMs, t, compare);
    if (episodes <= allowed) return { threshold: t, episodes };
  }
  return undefined;
}
