import { goDuration, parseDuration } from '../spec/duration.js';
import type { Spec } from '../spec/types.js';
import { defaultPort } from '../components/index.js';
import type { Placement } from '../targets/types.js';
import { DASHBOARD_PRESETS } from './conventions.js';
import { secret } from './secret.js';
import { defaults } from './defaults.js';
import type { Grafana, Model, Tempo } from './types.js';

/** A section turns its component on by being there, unless it says enabled: false. */
export const sectionEnabled = (section: { enabled?: boolean } | undefined) =>
  section !== undefined && section.enabled !== false;

export function tempoModel(spec: Spec, placement: Placement): Tempo {
  const t = spec.tempo ?? {};
  const at = (port: 'http' | 'grpc' | 'otlpGrpc' | 'otlpHttp') =>
    placement.place('tempo', port, t.ports?.[port] ?? defaultPort('tempo', port));
  const http = at('http');
  const grpc = at('grpc');
  const otlpGrpc = at('otlpGrpc');
  const otlpHttp = at('otlpHttp');
  const ports = { http: http.port, grpc: grpc.port, otlpGrpc: otlpGrpc.port, otlpHttp: otlpHttp.port };
  const hostPorts = {
    http: http.hostPort,
    grpc: grpc.hostPort,
    otlpGrpc: otlpGrpc.hostPort,
    otlpHttp: otlpHttp.hostPort,
  };
  const s3 = t.storage && t.storage !== 'local' ? t.storage.s3 : undefined;
  return {
    enabled: sectionEnabled(spec.tempo),
    version: t.version ?? defaults.tempo.version,
    // Tempo reads durations with Go's time.ParseDuration, which has no `d`: 7d is written 168h
    retention: goDuration(parseDuration(t.retention ?? defaults.tempo.retention) ?? 0),
    storage: s3
      ? {
          kind: 's3',
          bucket: s3.bucket,
          endpoint: s3.endpoint,
          insecure: s3.insecure ?? false,
          forcePathStyle: s3.forcePathStyle ?? false,
          ...(s3.accessKey ? { accessKey: secret(s3.accessKey) } : {}),
          ...(s3.secretKey ? { secretKey: secret(s3.secretKey) } : {}),
        }
      : { kind: 'local' },
    serviceGraphs: t.metricsGenerator?.serviceGraphs ?? true,
    spanMetrics: t.metricsGenerator?.spanMetrics ?? true,
    ports,
    hostPorts,
    listenHost: http.listenHost,
    address: http.address,
  };
}

export const generatorOn = (t: Tempo) => t.enabled && (t.serviceGraphs || t.spanMetrics);

export function grafanaModel(spec: Spec, prometheusAddress: string, placement: Placement): Grafana {
  const g = spec.grafana ?? {};
  return {
    enabled: sectionEnabled(spec.grafana),
    ...placement.place('grafana', 'http', g.port ?? defaultPort('grafana')),
    adminUser: g.adminUser ?? defaults.grafana.adminUser,
    ...(g.adminPassword ? { adminPassword: secret(g.adminPassword) } : {}),
    prometheusUrl: g.prometheusUrl ?? `http://${prometheusAddress}`,
    datasources: [],
  };
}

/** The presets asked for, or every one that fits the stack. */
export function dashboardsModel(spec: Spec, m: Pick<Model, 'tempo' | 'nodeExporter'>): Model['dashboards'] {
  const fits = (p: (typeof DASHBOARD_PRESETS)[number]) =>
    p === 'tracing'
      ? m.tempo.enabled
      : p === 'system-resources'
        ? m.nodeExporter.enabled
        : p === 'slo'
          ? Boolean(spec.slos?.length)
          : true;
  return {
    presets: spec.dashboards?.presets ?? DASHBOARD_PRESETS.filter(fits),
    custom: spec.dashboards?.custom ?? [],
    plans: [],
    empty: [],
  };
}
