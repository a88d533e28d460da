import { defaultPorts } from '../components/ports.js';
import { jobs } from '../model/conventions.js';
import { defaults, defaultTimeout } from '../model/defaults.js';
import type { Diagnostic, SpecPath } from './diagnostics.js';
import type { SpecDocument } from './document.js';
import { parseDuration } from './duration.js';
import { Reporter } from './reporter.js';
import { alertDiagnostics } from './rules-alerts.js';
import { notificationDiagnostics } from './rules-notifications.js';
import { componentPorts, observabilityDiagnostics } from './rules-observability.js';
import type { Spec } from './types.js';

/** Semantic checks that a schema cannot express: uniqueness, references, durations, PromQL. */
export function semanticDiagnostics(spec: Spec, doc: SpecDocument, file: string): Diagnostic[] {
  const r = new Reporter(doc, file);
  const report = r.report.bind(r);
  const lineOf = r.lineOf.bind(r);

  // Unique service names and job names; built-in jobs are reserved.
  const reserved = new Map<string, string>([
    [jobs.prometheus, 'Prometheus itself'],
    [jobs.alertmanager, 'Alertmanager'],
  ]);
  const nodeExporter = spec.exporters?.node?.enabled !== false;
  if (nodeExporter) reserved.set(jobs.node, 'node_exporter');
  const names = new Map<string, number>();
  const jobNames = new Map<string, number>();
  spec.services.forEach((s, i) => {
    const first = names.get(s.name);
    if (first !== undefined) {
      report(['services', i, 'name'], `duplicate service name "${s.name}" (first defined at line ${lineOf(['services', first, 'name'])})`, { hint: 'give each service a unique name' });
    } else names.set(s.name, i);
    const job = s.job ?? s.name;
    const jobPath: SpecPath = ['services', i, s.job === undefined ? 'name' : 'job'];
    const owner = reserved.get(job);
    if (owner) {
      report(jobPath, `job name "${job}" is reserved for ${owner}'s own scrape job`, { hint: 'set `job:` to another name' });
    } else if (first === undefined) {
      const firstJob = jobNames.get(job);
      if (firstJob !== undefined) report(jobPath, `duplicate job name "${job}" (also used by services[${firstJob}])`, { hint: 'set a unique `job:` on one of them' });
      else jobNames.set(job, i);
    }
  });

  // Durations: positive, timeout within interval (as Prometheus requires).
  const prom = spec.prometheus ?? {};
  const positive = (path: SpecPath, value: string | undefined) => {
    if (value !== undefined && parseDuration(value) === 0) report(path, `must be longer than 0, got "${value}"`);
  };
  positive(['prometheus', 'scrapeInterval'], prom.scrapeInterval);
  positive(['prometheus', 'scrapeTimeout'], prom.scrapeTimeout);
  positive(['prometheus', 'evaluationInterval'], prom.evaluationInterval);
  positive(['prometheus', 'retention'], prom.retention);
  const globalInterval = prom.scrapeInterval ?? defaults.prometheus.scrapeInterval;
  // an explicit timeout must fit the interval; the default one is capped at it, as Prometheus does
  const globalTimeout = defaultTimeout(prom.scrapeTimeout, globalInterval);
  if (prom.scrapeTimeout !== undefined && parseDuration(globalTimeout)! > parseDuration(globalInterval)!) {
    report(['prometheus', 'scrapeTimeout'], `scrape timeout ${globalTimeout} is longer than the scrape interval ${globalInterval}`, {
      hint: 'Prometheus refuses this: shorten scrapeTimeout or lengthen scrapeInterval',
    });
  }
  spec.services.forEach((s, i) => {
    positive(['services', i, 'scrapeInterval'], s.scrapeInterval);
    positive(['services', i, 'scrapeTimeout'], s.scrapeTimeout);
    if (s.scrapeTimeout === undefined) return; // an inherited timeout is capped at the interval, as Prometheus does
    const interval = s.scrapeInterval ?? globalInterval;
    if (parseDuration(s.scrapeTimeout)! > parseDuration(interval)!) {
      report(['services', i, 'scrapeTimeout'], `scrape timeout ${s.scrapeTimeout} is longer than the scrape interval ${interval}`, {
        hint: 'Prometheus refuses this: shorten scrapeTimeout or lengthen scrapeInterval',
      });
    }
  });

  // Ports of the local target must not collide; point at whichever of the two the user wrote.
  const ports = new Map<number, { what: string; path: SpecPath; explicit: boolean }>();
  const port = (path: SpecPath, value: number | undefined, fallback: number, what: string) => {
    const here = { what, path, explicit: value !== undefined };
    const other = ports.get(value ?? fallback);
    if (!other) ports.set(value ?? fallback, here);
    else {
      const [at, by] = here.explicit || !other.explicit ? [here, other] : [other, here];
      report(at.path, `port ${value ?? fallback} is already used by ${by.what}`, { hint: 'give each component its own port' });
    }
  };
  port(['prometheus', 'port'], prom.port, defaultPorts.prometheus, 'prometheus');
  if (spec.alertmanager?.enabled !== false) port(['alertmanager', 'port'], spec.alertmanager?.port, defaultPorts.alertmanager, 'alertmanager');
  if (nodeExporter) port(['exporters', 'node', 'port'], spec.exporters?.node?.port, defaultPorts.node, 'node_exporter');
  for (const c of componentPorts(spec)) port(c.path, c.value, c.fallback, c.what);

  spec.services.forEach((s, i) => {
    const t = s.tracing;
    if (t?.ratio !== undefined && t.sampler !== undefined && !t.sampler.endsWith('traceidratio')) {
      report(['services', i, 'tracing', 'ratio'], `ratio is ignored by the ${t.sampler} sampler`, { severity: 'warning', hint: 'use traceidratio or parentbased_traceidratio' });
    }
  });

  if (spec.deploy?.target === 'kubernetes') {
    report(['deploy', 'target'], 'the kubernetes target is not built yet', { hint: 'use local (processes) or compose' });
  }
  alertDiagnostics(spec, r, names, nodeExporter);
  notificationDiagnostics(r, spec.notifications);
  observabilityDiagnostics(spec, r, nodeExporter);
  if (spec.notifications && spec.alertmanager?.enabled === false) {
    report(['notifications'], 'notifications are ignored: alertmanager.enabled is false', { key: true, severity: 'warning' });
  }

  return r.diagnostics;
}
