import { defaultPort } from '../components/index.js';
import { DATASTORE_KINDS, exporterJobs } from '../model/datastores.js';
import { DATASTORE_EXPORTER } from '../model/exporters.js';
import type { SpecPath } from './diagnostics.js';
import { rule, type SpecRule } from './rule.js';
import type { Spec } from './types.js';

type PortUse = { path: string[]; value: number | undefined; fallback: number; what: string };

/** The exporters' ports, for ports-unique: the datastores' exporters, and blackbox_exporter when a service probes. */
export function exporterPorts(spec: Spec): PortUse[] {
  const out: PortUse[] = DATASTORE_KINDS.filter((k) => spec.datastores?.[k]).map((k) => ({
    path: ['datastores', k, 'exporterPort'],
    value: spec.datastores![k]!.exporterPort,
    fallback: defaultPort(DATASTORE_EXPORTER[k]),
    what: DATASTORE_EXPORTER[k],
  }));
  if (spec.services.some((s) => s.probes?.length))
    out.push({
      path: ['exporters', 'blackbox', 'port'],
      value: spec.exporters?.blackbox?.port,
      fallback: defaultPort('blackbox_exporter'),
      what: 'blackbox_exporter',
    });
  return out;
}

/** Datastores, their packs, and the services' probes. */
export const platformRules: SpecRule[] = [
  rule('probe-kind', ({ spec }, r) => {
    spec.services.forEach((s, i) =>
      (s.probes ?? []).forEach((p, j) => {
        const path: SpecPath = ['services', i, 'probes', j];
        if ((p.http === undefined) === (p.tcp === undefined))
          r.report(path, `probe "${p.name}" needs exactly one of http: (a URL) or tcp: (host:port)`, {
            hint: 'e.g. http: http://127.0.0.1:8000/health',
          });
        else if (p.tcp !== undefined && (p.status !== undefined || p.method !== undefined))
          r.report(
            [...path, p.status !== undefined ? 'status' : 'method'],
            'status and method apply to http probes only',
            {
              key: true,
              hint: 'remove it, or probe a URL with http:',
            },
          );
      }),
    );
  }),

  rule('probe-names-unique', ({ spec }, r) => {
    spec.services.forEach((s, i) => {
      const seen = new Map<string, number>();
      (s.probes ?? []).forEach((p, j) => {
        const first = seen.get(p.name);
        if (first !== undefined)
          r.report(['services', i, 'probes', j, 'name'], `duplicate probe name "${p.name}" (also probes[${first}])`, {
            hint: 'give each probe of a service its own name',
          });
        else seen.set(p.name, j);
      });
    });
  }),

  rule('exporter-jobs-reserved', ({ spec }, r) => {
    const reserved = new Map<string, string>();
    for (const k of DATASTORE_KINDS) if (spec.datastores?.[k]) reserved.set(exporterJobs[k], DATASTORE_EXPORTER[k]);
    if (spec.services.some((s) => s.probes?.length)) reserved.set(exporterJobs.blackbox, 'blackbox_exporter');
    if (spec.exporters?.cadvisor?.enabled) reserved.set(exporterJobs.cadvisor, 'cAdvisor');
    spec.services.forEach((s, i) => {
      const job = s.job ?? s.name;
      const owner =
        reserved.get(job) ?? (job.startsWith('probe-') ? 'the probes (probe-<service>-<probe>)' : undefined);
      if (owner)
        r.report(
          ['services', i, s.job === undefined ? 'name' : 'job'],
          `job name "${job}" is reserved for ${owner}'s own scrape job`,
          {
            hint: 'set `job:` to another name',
          },
        );
    });
  }),

  rule('datastore-pack-needs-datastore', ({ spec }, r) => {
    for (const k of DATASTORE_KINDS) {
      const section = spec.alerts?.packs?.[k];
      if (section && section.enabled !== false && !spec.datastores?.[k])
        r.report(['alerts', 'packs', k], `the ${k} pack needs datastores.${k}: nothing would produce its metrics`, {
          key: true,
          hint: `add datastores.${k} with the server's address, or remove the ${k} pack`,
        });
    }
    const p = spec.alerts?.packs?.probes;
    if (p && p.enabled !== false && !spec.services.some((s) => s.probes?.length))
      r.report(['alerts', 'packs', 'probes'], 'the probes pack needs a service with probes:', {
        key: true,
        hint: 'add services[].probes, or remove the probes pack',
      });
  }),

  rule('cadvisor-compose-only', ({ spec }, r) => {
    if (
      spec.exporters?.cadvisor?.enabled &&
      (spec.deploy?.target ?? 'local') === 'local' &&
      !spec.deploy?.optional?.includes('cadvisor')
    )
      r.warn(
        ['exporters', 'cadvisor', 'enabled'],
        'cAdvisor runs only with --target compose: the local target skips it',
        {
          hint: 'deploy with --target compose, or list cadvisor in deploy.optional',
        },
      );
  }),
];
