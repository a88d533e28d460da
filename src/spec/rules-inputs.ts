import { parseDuration } from './duration.js';
import { rule, type SpecRule } from './rule.js';
import { valuesOf } from './schema-paths.js';

/**
 * Prometheus's and Alertmanager's durations are Go time.Durations: at most 2^63-1 nanoseconds.
 * prometheus/common model.ParseDuration refuses longer ones ("duration out of range"), and
 * Debian's promtool 2.42 does too.
 */
export const MAX_DURATION_MS = 9_223_372_036_854;
const MAX_DURATION_TEXT = '292y24w3d23h47m16s854ms';

/** Inputs that the schema accepts but Prometheus or Alertmanager would refuse or silently ignore. */
export const inputRules: SpecRule[] = [
  rule('runbook-url-plain', ({ spec }, r) => {
    const url = spec.alerts?.runbookBaseUrl;
    if (url !== undefined && /\{\{|\}\}/.test(url)) {
      r.report(
        ['alerts', 'runbookBaseUrl'],
        'must not contain "{{" or "}}": it goes into every alert\'s runbook_url annotation, which Prometheus expands as a template',
        {
          hint: 'write the plain base URL, like https://runbooks.example.com/shop; mon appends /<AlertName>',
        },
      );
    }
  }),

  rule('durations-in-range', ({ spec }, r) => {
    for (const { path, value } of valuesOf(spec, 'duration')) {
      if (typeof value === 'string' && (parseDuration(value) ?? 0) > MAX_DURATION_MS) {
        r.report(
          path,
          `duration "${value}" is out of range: Prometheus and Alertmanager take at most ${MAX_DURATION_TEXT}`,
          { hint: 'use a shorter duration' },
        );
      }
    }
  }),

  // Tempo's block_retention is a Go time.Duration (no d, w or y): the generator converts the spec's (7d -> 168h)

  rule('label-names-not-reserved', ({ spec }, r) => {
    for (const { path, value } of valuesOf(spec, 'labels')) {
      if (path.includes('test') || path.includes('expect')) continue; // expectations, not labels mon writes
      for (const key of Object.keys(value as object)) {
        if (key.startsWith('__')) {
          r.report(
            [...path, key],
            `label name "${key}" starts with "__", which Prometheus reserves for its internal labels (and drops from targets)`,
            {
              key: true,
              hint: `rename it, e.g. "${key.replace(/^_+/, '') || 'name'}"`,
            },
          );
        }
      }
    }
  }),

  rule('service-job-label', ({ spec }, r) => {
    spec.services.forEach((s, i) => {
      if (s.labels?.job === undefined) return;
      const job = s.job ?? s.name;
      r.warn(
        ['services', i, 'labels', 'job'],
        `a "job" label replaces the job name "${job}" on every scraped series, so pack rules selecting job="${job}" match nothing`,
        {
          key: true,
          hint: 'set `job:` on the service instead of a job label',
        },
      );
    });
  }),

  // a rule whose expression is a string or a range vector: the PromQL gate's rule context (src/promql) refuses it
];
