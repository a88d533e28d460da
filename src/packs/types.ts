import type { Service, TracingBackend } from '../model/types.js';

export type Labels = Record<string, string>;
export type Compare = '>' | '<' | '==';
/** How a threshold is written in the spec and bounded: bytes take sizes like 1GiB. */
export type Unit = 'number' | 'bytes' | 'percent' | 'ratio' | 'seconds';

/** An input series of a generated unit test: a gauge at `value`, or a counter rising at `value` per second. */
export interface SeriesSpec {
  metric: string;
  labels: Labels;
  kind: 'gauge' | 'counter';
  value: number;
}

/**
 * How to drive a rule's expression to a given level in a promtool unit test. `level` is the
 * value the expression settles at; `value(t, level)` is what it evaluates to at minute t
 * (undefined: no result yet), which tells when the condition starts to hold.
 */
export interface Fixture {
  series(level: number): SeriesSpec[];
  value(minute: number, level: number): number | undefined;
  /** labels of the resulting alert, before the rule's own labels */
  labels: Labels;
  /** absent(): the alert fires when there are no series at all */
  absent?: boolean;
}

export interface PackContext {
  project: string;
  runbookBaseUrl?: string;
  services: ReadonlyMap<string, Service>;
  alertmanagerEnabled: boolean;
  /** which backend's span metrics the tracing pack queries */
  tracingBackend: TracingBackend;
  /** the datastores the spec has an exporter (and a pack) for, and whether each replicates */
  datastores?: ReadonlyMap<string, { replication: boolean }>;
  /** some probe is of an https:// URL (a certificate to watch) */
  tlsProbes?: boolean;
}

/** One rule of a pack, parameterised by the pack's resolved parameters P and the threshold. */
export interface PackRule<P> {
  alert: string;
  severity: 'warning' | 'critical';
  for: string;
  compare: Compare;
  /** `param`: the key in the pack's `thresholds:`; the rule's own override is `rules.<alert>.threshold` */
  threshold?: { param?: string; default: number | string; unit: Unit };
  /** only where this holds (runtime-specific rules) */
  when?: (p: P) => boolean;
  expr(p: P, threshold: number): string;
  summary(p: P, threshold: number): string;
  description(p: P, threshold: number): string;
  fixture(p: P): Fixture;
}

/** A named, parameterised set of rules, rendered into one rule group. */
export interface Pack<P = unknown> {
  name: string;
  /** the pack's parameters from its spec section (validated by schema and rules) */
  params(section: Record<string, unknown>, ctx: PackContext): P;
  /** labels every rule of the pack carries */
  labels?(p: P): Labels;
  rules: ReadonlyArray<PackRule<P>>;
}

/** A PromQL string literal. */
export const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** A PromQL selector: metric{a="b",c="d"} */
export const selector = (metric: string, labels: Labels) => {
  const inner = Object.entries(labels)
    .map(([k, v]) => `${k}=${quote(v)}`)
    .join(',');
  return inner ? `${metric}{${inner}}` : metric;
};
