import { parseDuration } from '../spec/duration.js';

/**
 * Grafana's time arithmetic for a Prometheus panel, so that a query runs here as it runs in
 * Grafana. Sources (facts restated, no code copied):
 * - $__interval: "calculated using the time range and the width of the graph (the number of
 *   pixels)", rounded, and never below the datasource's min interval (its `timeInterval`, which
 *   mon sets to the scrape interval): grafana.com/docs/grafana/latest/dashboards/variables/add-template-variables/#__interval;
 *   the rounding table is roundInterval() in grafana/grafana packages/grafana-data/src/datetime/rangeutil.ts.
 * - the query step: the Prometheus datasource's adjustInterval() takes the largest of that
 *   interval, the min interval and range/11000 (public/app/plugins/datasource/prometheus/datasource.ts,
 *   now packages/grafana-prometheus/src/datasource.ts).
 * - $__rate_interval = max($__interval + scrape interval, 4 * scrape interval), the scrape interval
 *   being the datasource's: grafana.com/docs/grafana/latest/datasources/prometheus/template-variables/#use-__rate_interval
 *   and grafana/grafana#77234.
 * - $__range = the dashboard's range in whole seconds, written `<n>s`; $__range_s and $__range_ms the
 *   numbers (getRangeScopedVars() of the same datasource).
 */

/** [below this many ms, use this interval]: Grafana's roundInterval() steps. */
const ROUND: ReadonlyArray<[number, number]> = [
  [10, 1],
  [15, 10],
  [35, 20],
  [75, 50],
  [150, 100],
  [350, 200],
  [750, 500],
  [1500, 1000],
  [3500, 2000],
  [7500, 5000],
  [12500, 10000],
  [17500, 15000],
  [25000, 20000],
  [45000, 30000],
  [90000, 60000],
  [210000, 120000],
  [450000, 300000],
  [750000, 600000],
  [1050000, 900000],
  [1500000, 1200000],
  [2700000, 1800000],
  [5400000, 3600000],
  [9000000, 7200000],
  [16200000, 10800000],
  [32400000, 21600000],
  [86400000, 43200000],
  [604800000, 86400000],
  [1814400000, 604800000],
  [3628800000, 2592000000],
];
export const roundInterval = (ms: number) => ROUND.find(([below]) => ms < below)?.[1] ?? 31536000000;

/** Grafana's dashboards are 24 columns wide; at 1920 px a column is 80 px (the panel's max data points). */
export const PX_PER_COLUMN = 80;

export interface PanelTime {
  startS: number;
  endS: number;
  /** the query step in seconds (also $__interval) */
  stepS: number;
  /** Grafana's built-in variables, by name without the `$` */
  builtins: Record<string, string>;
}

/** The time of a panel `columns` wide over the last `from` (a duration), with the datasource's scrape interval. */
export function panelTime(from: string, columns: number, scrapeInterval: string, nowMs = Date.now()): PanelTime {
  const rangeMs = parseDuration(from)!;
  const scrapeS = Math.max(1, Math.round(parseDuration(scrapeInterval)! / 1000)) || 15;
  const intervalMs = Math.max(roundInterval(rangeMs / (columns * PX_PER_COLUMN)), scrapeS * 1000);
  const safe = rangeMs / 1000 / 11000;
  const stepS = Math.max(intervalMs / 1000, scrapeS, safe > 1 ? Math.ceil(safe) : safe);
  const rangeS = Math.round(rangeMs / 1000);
  const rate = Math.max(stepS + scrapeS, 4 * scrapeS);
  const endS = Math.floor(nowMs / 1000);
  return {
    startS: endS - rangeS,
    endS,
    stepS,
    builtins: {
      __interval: `${stepS}s`,
      __interval_ms: String(stepS * 1000),
      __rate_interval: `${rate}s`,
      __range: `${rangeS}s`,
      __range_s: String(rangeS),
      __range_ms: String(rangeS * 1000),
    },
  };
}
