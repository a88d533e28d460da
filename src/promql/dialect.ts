import type { Duration, PromVersion } from './ast.js';
import { FUNCTIONS } from './functions.js';

/**
 * What each Prometheus version line accepts beyond the common core. The 2.x line is Debian's 2.42
 * (promql/parser at v2.42.0: ranges and offsets are duration tokens, `5m` is no number, names are
 * never quoted, no experimental functions); the 3.x line is 3.16 (v0.316.0).
 */

export const FEATURE_FLAG = '--enable-feature=promql-experimental-functions';
const TWO = 'Prometheus 2.42 (the 2.x line mon targets)';

/** The version line of a Prometheus version (`2.42.0`, `3`, `v3.16.0`); mon's default is 3. */
export function promqlVersion(version?: string | number): PromVersion {
  const major = /^v?(\d+)/.exec(String(version ?? '').trim())?.[1];
  return major === '2' ? '2' : '3';
}

const UNIT = /^(\d+(ms|s|m|h|d|w|y))+$/;
const SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };

/** `1h30m` in seconds, or undefined when the text is no duration literal. */
export function durationSeconds(text: string): number | undefined {
  if (!UNIT.test(text)) return /^\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
  let s = 0;
  for (const m of text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) s += Number(m[1]) * SECONDS[m[2]!]!;
  return s;
}

/** `300` as a Go duration: `5m`. */
export function asDuration(seconds: number): string {
  if (seconds <= 0 || !Number.isInteger(seconds)) return '5m';
  for (const [u, n] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const)
    if (seconds % n === 0) return `${seconds / n}${u}`;
  return `${seconds}s`;
}

/** A range, subquery step or offset the version cannot read; `what` is "range", "step" or "offset". */
export function durationProblem(d: Duration, what: string, version: PromVersion): string | undefined {
  const text = d.text.replace(/^-\s*/, '');
  if (d.literal || (what === 'offset' && /^-?\s*\d/.test(d.text) && !/[-+*/%^()]/.test(text))) {
    if (what !== 'offset' && durationSeconds(text) === 0) return `a ${what} must be greater than 0: write 5m`;
    if (version === '2' && !UNIT.test(text)) {
      const s = durationSeconds(text);
      return `${what === 'offset' ? 'an' : 'a'} ${what} in plain seconds (${text}) needs Prometheus 3; ${TWO} takes a duration: write ${s !== undefined ? asDuration(s) : '5m'}`;
    }
    return undefined;
  }
  if (version === '2')
    return `duration expressions (${d.text}) need Prometheus 3; ${TWO} takes a single duration such as 5m`;
  return undefined;
}

/** A number literal outside a duration: `5m`, `1_000` are 3.x only. */
export function numberProblem(text: string, version: PromVersion): string | undefined {
  if (version === '3') return undefined;
  const t = text.replace(/^[-+]/, '');
  if (UNIT.test(t))
    return `a duration used as a number (${t}) needs Prometheus 3: write ${durationSeconds(t)} (seconds)`;
  if (t.includes('_')) return `digit separators (${t}) need Prometheus 3: write ${t.replace(/_/g, '')}`;
  return undefined;
}

/** Why a function name cannot be called on this version line, or undefined when it can. */
export function functionProblem(name: string, version: PromVersion): string | undefined {
  const f = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name]! : undefined;
  if (!f) return undefined;
  if (f.only && f.only !== version) {
    if (name === 'holt_winters')
      return `holt_winters() was renamed double_exponential_smoothing() in Prometheus 3, where it is experimental and needs ${FEATURE_FLAG}, which mon does not set`;
    if (name === 'double_exponential_smoothing')
      return `double_exponential_smoothing() is Prometheus 3's name; ${TWO} calls it holt_winters(): rename it, the arguments are the same`;
    return `${name}() is not in ${TWO}: it needs Prometheus 3`;
  }
  if (f.experimental)
    return `${name}() is experimental in Prometheus 3 and needs ${FEATURE_FLAG}, which mon does not set`;
  return undefined;
}

/** limitk/limit_ratio: 3.x experimental aggregations. */
export function aggregationProblem(op: string, version: PromVersion): string | undefined {
  if (op !== 'limitk' && op !== 'limit_ratio') return undefined;
  if (version === '2')
    return `${op}() is not in ${TWO}: it needs Prometheus 3${op === 'limitk' ? '; topk() keeps a fixed number of series' : ''}`;
  return `${op}() is experimental in Prometheus 3 and needs ${FEATURE_FLAG}, which mon does not set${op === 'limitk' ? '; topk() keeps a fixed number of series' : ''}`;
}

/** Quoted metric or label names ({"my.metric"}, by ("a.b")) are 3.x syntax. */
export const quotedNameProblem = (name: string, version: PromVersion) =>
  version === '2'
    ? `quoted names (${name}) need Prometheus 3; ${TWO} takes only names of letters, digits, _ and : (metric names)`
    : undefined;

export const twoOnly = TWO;
