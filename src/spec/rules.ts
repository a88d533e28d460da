import { defaultPorts } from '../components/ports.js';
import { jobs } from '../model/conventions.js';
import { defaults, defaultTimeout } from '../model/defaults.js';
import type { Diagnostic, SpecPath } from './diagnostics.js';
import type { SpecDocument } from './document.js';
import { parseDuration } from './duration.js';
import { contextOf, rule, runRules, type SpecRule } from './rule.js';
import { alertRules } from './rules-alerts.js';
import { inputRules } from './rules-inputs.js';
import { kubernetesRules } from './rules-kubernetes.js';
import { notificationRules } from './rules-notifications.js';
import { routeRules } from './rules-routes.js';
import { componentPorts, observabilityRules } from './rules-observability.js';
import { exporterPorts, platformRules } from './rules-platform.js';
import type { Spec } from './types.js';
import { sloRules } from '../slo/spec-rules.js';
import { escalationRules } from '../escalation/spec-rules.js';
import { capacityRules } from '../packs/capacity.js';
import { anomalyRules } from '../packs/anomaly.js';

/** Who owns each of the stack's own scrape jobs, and when the stack scrapes it (a service may take the name otherwise). */
const JOB_OWNERS = {
  prometheus: { owner: 'Prometheus itself', scraped: () => true },
  alertmanager: { owner: 'Alertmanager', scraped: () => true },
  node: { owner: 'node_exporter', scraped: (_spec: Spec, nodeExporter: boolean) => nodeExporter },
  tempo: { owner: 'Tempo', scraped: (spec: Spec) => spec.tempo !== undefined && spec.tempo.enabled !== false },
  jaeger: { owner: 'Jaeger', scraped: (spec: Spec) => spec.tracing?.backend === 'jaeger' },
  jaegerSpanMetrics: { owner: "Jaeger's span metrics", scraped: (spec: Spec) => spec.tracing?.backend === 'jaeger' },
} satisfies Record<keyof typeof jobs, { owner: string; scraped: (spec: Spec, nodeExporter: boolean) => boolean }>;

const TIMEOUT_HINT = 'Prometheus refuses this: shorten scrapeTimeout or lengthen scrapeInterval';

/** Services, scrape settings, ports and deploy settings. */
export const serviceRules: SpecRule[] = [
  rule('service-names-unique', ({ spec }, r) => {
    const names = new Map<string, number>();
    spec.services.forEach((s, i) => {
      const first = names.get(s.name);
      if (first !== undefined) {
        r.report(
          ['services', i, 'name'],
          `duplicate service name "${s.name}" (first defined at line ${r.lineOf(['services', first, 'name'])})`,
          { hint: 'give each service a unique name' },
        );
      } else names.set(s.name, i);
    });
  }),

  // Unique job names; built-in jobs are reserved.
  rule('job-names', ({ spec, services, nodeExporter }, r) => {
    const reserved = new Map<string, string>();
    for (const key of Object.keys(jobs) as Array<keyof typeof jobs>)
      if (JOB_OWNERS[key].scraped(spec, nodeExporter)) reserved.set(jobs[key], JOB_OWNERS[key].owner);
    const jobNames = new Map<string, number>();
    spec.services.forEach((s, i) => {
      const job = s.job ?? s.name;
      const jobPath: SpecPath = ['services', i, s.job === undefined ? 'name' : 'job'];
      const owner = reserved.get(job);
      if (owner) {
        r.report(jobPath, `job name "${job}" is reserved for ${owner}'s own scrape job`, {
          hint: 'set `job:` to another name',
        });
      } else if (services.get(s.name) === i) {
        const firstJob = jobNames.get(job);
        if (firstJob !== undefined)
          r.report(jobPath, `duplicate job name "${job}" (also used by services[${firstJob}])`, {
            hint: 'set a unique `job:` on one of them',
          });
        else jobNames.set(job, i);
      }
    });
  }),

  rule('durations-positive', ({ spec }, r) => {
    const positive = (path: SpecPath, value: string | undefined) => {
      if (value !== undefined && parseDuration(value) === 0) r.report(path, `must be longer than 0, got "${value}"`);
    };
    const prom = spec.prometheus ?? {};
    positive(['prometheus', 'scrapeInterval'], prom.scrapeInterval);
    positive(['prometheus', 'scrapeTimeout'], prom.scrapeTimeout);
    positive(['prometheus', 'evaluationInterval'], prom.evaluationInterval);
    positive(['prometheus', 'retention'], prom.retention);
    spec.services.forEach((s, i) => {
      positive(['services', i, 'scrapeInterval'], s.scrapeInterval);
      positive(['services', i, 'scrapeTimeout'], s.scrapeTimeout);
    });
  }),

  // An explicit timeout must fit its interval; an inherited or default one is capped at it, as Prometheus does.
  rule('scrape-timeout-within-interval', ({ spec }, r) => {
    const prom = spec.prometheus ?? {};
    const globalInterval = prom.scrapeInterval ?? defaults.prometheus.scrapeInterval;
    const globalTimeout = defaultTimeout(prom.scrapeTimeout, globalInterval);
    if (prom.scrapeTimeout !== undefined && parseDuration(globalTimeout)! > parseDuration(globalInterval)!) {
      r.report(
        ['prometheus', 'scrapeTimeout'],
        `scrape timeout ${globalTimeout} is longer than the scrape interval ${globalInterval}`,
        { hint: TIMEOUT_HINT },
      );
    }
    spec.services.forEach((s, i) => {
      if (s.scrapeTimeout === undefined) return;
      const interval = s.scrapeInterval ?? globalInterval;
      if (parseDuration(s.scrapeTimeout)! > parseDuration(interval)!) {
        r.report(
          ['services', i, 'scrapeTimeout'],
          `scrape timeout ${s.scrapeTimeout} is longer than the scrape interval ${interval}`,
          { hint: TIMEOUT_HINT },
        );
      }
    });
  }),

  // Ports of the local target must not collide; point at whichever of the two the user wrote.
  rule('ports-unique', ({ spec, nodeExporter }, r) => {
    const ports = new Map<number, { what: string; path: SpecPath; explicit: boolean }>();
    const port = (path: SpecPath, value: number | undefined, fallback: number, what: string) => {
      const here = { what, path, explicit: value !== undefined };
      const other = ports.get(value ?? fallback);
      if (!other) ports.set(value ?? fallback, here);
      else {
        const [at, by] = here.explicit || !other.explicit ? [here, other] : [other, here];
        r.report(at.path, `port ${value ?? fallback} is already used by ${by.what}`, {
          hint: 'give each component its own port',
        });
      }
    };
    port(['prometheus', 'port'], spec.prometheus?.port, defaultPorts.prometheus, 'prometheus');
    if (spec.alertmanager?.enabled !== false)
      port(['alertmanager', 'port'], spec.alertmanager?.port, defaultPorts.alertmanager, 'alertmanager');
    if (nodeExporter)
      port(['exporters', 'node', 'port'], spec.exporters?.node?.port, defaultPorts.node, 'node_exporter');
    for (const c of [...componentPorts(spec), ...exporterPorts(spec)]) port(c.path, c.value, c.fallback, c.what);
  }),

  rule('tracing-ratio-needs-ratio-sampler', ({ spec }, r) => {
    spec.services.forEach((s, i) => {
      const t = s.tracing;
      if (t?.ratio !== undefined && t.sampler !== undefined && !t.sampler.endsWith('traceidratio')) {
        r.warn(['services', i, 'tracing', 'ratio'], `ratio is ignored by the ${t.sampler} sampler`, {
          hint: 'use traceidratio or parentbased_traceidratio',
        });
      }
    });
  }),

  rule('no-services', ({ spec }, r) => {
    if (Array.isArray(spec.services) && spec.services.length === 0)
      r.warn(['services'], 'no services: Prometheus scrapes only the stack itself', {
        hint: 'add the applications to scrape (name and targets)',
      });
  }),

  rule('notifications-need-alertmanager', ({ spec }, r) => {
    if (spec.notifications && spec.alertmanager?.enabled === false) {
      r.warn(['notifications'], 'notifications are ignored: alertmanager.enabled is false', { key: true });
    }
  }),
];

/** Every rule list, in the order their diagnostics were reported before they were lists. */
export const specRules: ReadonlyArray<readonly SpecRule[]> = [
  serviceRules,
  alertRules,
  notificationRules,
  observabilityRules,
  inputRules,
  routeRules,
  kubernetesRules,
  platformRules,
  sloRules,
  escalationRules,
  capacityRules,
  anomalyRules,
];

/** Semantic checks that a schema cannot express: uniqueness, references, durations, PromQL. */
export function semanticDiagnostics(spec: Spec, doc: SpecDocument, file: string): Diagnostic[] {
  return runRules(specRules, contextOf(spec, doc, file));
}
