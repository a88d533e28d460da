import { jobs } from '../model/conventions.js';
import type { Model } from '../model/types.js';
import { promqlOfPanel } from '../spec/grafana-vars.js';
import { didYouMean } from '../spec/suggest.js';
import { type Selector, selectors } from './selectors.js';

/**
 * Metric families whose source mon knows: who can produce python_gc_*, span metrics, node_*.
 * Metrics outside these families (the application's own) are not judged.
 */
interface Family {
  prefix: string;
  /** why nothing produces it here, or undefined when something does */
  missing(model: Model, job: string | undefined): string | undefined;
}

const RUNTIME_FAMILIES: Record<string, string> = { python_: 'python', nodejs_: 'node', jvm_: 'jvm', go_: 'go' };
/** the stack's own components are Go programs */
const STACK_JOBS = new Set<string>([jobs.prometheus, jobs.alertmanager, jobs.node, jobs.tempo]);

function runtimeFamily(prefix: string, runtime: string): Family {
  return {
    prefix,
    missing(model, job) {
      if (job !== undefined) {
        if (STACK_JOBS.has(job)) return runtime === 'go' ? undefined : `job "${job}" is a Go program, not ${runtime}`;
        const s = model.services.find((x) => x.job === job);
        if (!s || s.runtime === 'other' || s.runtime === runtime) return undefined;
        return `job "${job}" is a ${s.runtime} service`;
      }
      if (runtime === 'go' || model.services.some((s) => s.runtime === runtime || s.runtime === 'other'))
        return undefined;
      return `no service has runtime ${runtime}`;
    },
  };
}

const FAMILIES: Family[] = [
  ...Object.entries(RUNTIME_FAMILIES).map(([p, r]) => runtimeFamily(p, r)),
  { prefix: 'node_', missing: (m) => (m.nodeExporter.enabled ? undefined : 'node_exporter is off (exporters.node)') },
  {
    prefix: 'traces_spanmetrics_',
    missing: (m) =>
      !m.tempo.enabled
        ? 'Tempo is not deployed'
        : m.tempo.spanMetrics
          ? undefined
          : "Tempo's metrics-generator has span metrics off",
  },
  {
    prefix: 'traces_service_graph_',
    missing: (m) =>
      !m.tempo.enabled
        ? 'Tempo is not deployed'
        : m.tempo.serviceGraphs
          ? undefined
          : "Tempo's metrics-generator has service graphs off",
  },
  { prefix: 'tempo_', missing: (m) => (m.tempo.enabled ? undefined : 'Tempo is not deployed') },
  {
    prefix: 'traces_span_metrics_',
    missing: (m) => (m.jaeger.enabled ? undefined : 'Jaeger is not deployed (tracing.backend: jaeger)'),
  },
  {
    prefix: 'otelcol_',
    missing: (m) => (m.jaeger.enabled ? undefined : 'Jaeger is not deployed (tracing.backend: jaeger)'),
  },
  { prefix: 'alertmanager_', missing: (m) => (m.alertmanager.enabled ? undefined : 'Alertmanager is off') },
];

const jobSets = new WeakMap<Model, Set<string>>();
/** The model's job names, built once per model (every selector of every rule asks). */
function scrapedJobs(model: Model): Set<string> {
  let jobs = jobSets.get(model);
  if (!jobs) jobSets.set(model, (jobs = new Set(model.jobs.map((j) => j.name))));
  return jobs;
}

/** Why this selector can return nothing in this stack, or undefined. */
export function unproducible(model: Model, s: Selector): string | undefined {
  const jobsHere = scrapedJobs(model);
  if (s.job !== undefined && !s.job.includes('$') && !jobsHere.has(s.job))
    return `no scrape job is named "${s.job}"${didYouMean(s.job, jobsHere)}`;
  const family = FAMILIES.find((f) => s.metric.startsWith(f.prefix));
  const why = family?.missing(model, s.job?.includes('$') ? undefined : s.job);
  return why && `${s.metric}: ${why}`;
}

/** Problems of one expression (a rule's, or a panel's with Grafana's variables). */
export function expressionProblems(model: Model, expr: string, panel = false): string[] {
  const seen = new Set<string>();
  return selectors(panel ? promqlOfPanel(expr) : expr)
    .map((s) => unproducible(model, s))
    .filter((w): w is string => w !== undefined && !seen.has(w) && (seen.add(w), true));
}
