import { defaultPort } from '../components/index.js';
import type { Spec } from '../spec/types.js';
import type { Placement } from '../targets/types.js';
import { DATASTORE_KINDS, type Datastore, exporterJobs, type Probe, probeJob, probeModule } from './datastores.js';
import { secret } from './secret.js';
import type { Model, ScrapeJob } from './types.js';

/** Which exporter component runs for each datastore kind. */
export const DATASTORE_EXPORTER = {
  redis: 'redis_exporter',
  mysql: 'mysqld_exporter',
  postgres: 'postgres_exporter',
} as const;

/** Datastores, probes, blackbox_exporter and cAdvisor of the spec, placed on the target. */
export function exportersModel(
  spec: Spec,
  placement: Placement,
): Pick<Model, 'datastores' | 'probes' | 'blackbox' | 'cadvisor'> {
  const datastores: Model['datastores'] = {};
  for (const kind of DATASTORE_KINDS) {
    const d = spec.datastores?.[kind];
    if (!d) continue;
    const name = DATASTORE_EXPORTER[kind];
    const ds: Datastore = {
      kind,
      address: placement.hostAddress(d.address),
      database: d.database ?? 'postgres',
      sslmode: d.sslmode ?? 'disable',
      labels: { ...d.labels },
      exporter: placement.place(name, 'http', d.exporterPort ?? defaultPort(name)),
    };
    if (d.user !== undefined) ds.user = d.user;
    if (d.password) ds.password = secret(d.password);
    datastores[kind] = ds;
  }
  const probes: Probe[] = spec.services.flatMap((s, i) =>
    (s.probes ?? []).map((p, j) => {
      const probe: Probe = {
        service: s.name,
        name: p.name,
        prober: p.tcp !== undefined ? 'tcp' : 'http',
        target: p.tcp !== undefined ? placement.hostAddress(p.tcp) : placement.hostUrl(p.http!),
        status: [...(p.status ?? [])],
        method: p.method ?? 'GET',
        tlsSkipVerify: p.tlsSkipVerify === true,
        timeout: p.timeout ?? '5s',
        module: probeModule(s.name, p.name),
        job: probeJob(s.name, p.name),
        source: ['services', i, 'probes', j],
      };
      if (p.interval) probe.interval = p.interval;
      return probe;
    }),
  );
  return {
    datastores,
    probes,
    blackbox: {
      enabled: probes.length > 0,
      ...placement.place(
        'blackbox_exporter',
        'http',
        spec.exporters?.blackbox?.port ?? defaultPort('blackbox_exporter'),
      ),
    },
    cadvisor: {
      enabled: spec.exporters?.cadvisor?.enabled === true,
      ...placement.place('cadvisor', 'http', spec.exporters?.cadvisor?.port ?? defaultPort('cadvisor')),
    },
  };
}

/** One scrape job per probe: blackbox_exporter's /probe with the standard relabelling. */
export function probeJobs(model: Pick<Model, 'probes' | 'blackbox'>): ScrapeJob[] {
  return model.probes.map((p) => {
    const j: ScrapeJob = {
      name: p.job,
      targets: [p.target],
      metricsPath: '/probe',
      scheme: 'http',
      params: { module: [p.module] },
      honorLabels: false,
      labels: { service: p.service, probe: p.name },
      probe: { module: p.module, via: model.blackbox.address },
      source: p.source,
    };
    if (p.interval) j.interval = p.interval;
    return j;
  });
}

export { exporterJobs };
