import { defaultPorts } from '../components/ports.js';
import { variableRefs } from '../dashboards/variables.js';
import { datasourceUids, DASHBOARD_PRESETS } from '../model/conventions.js';
import { parseDuration } from './duration.js';
import { promqlOfPanel } from './grafana-vars.js';
import { promqlProblems, specPromqlVersion } from './promql.js';
import type { PromVersion } from '../promql/index.js';
import type { SpecPath } from './diagnostics.js';
import type { Reporter } from './reporter.js';
import { rule, type SpecRule } from './rule.js';
import { didYouMean } from './suggest.js';
import type { PanelSpec, Spec } from './types.js';

const on = (section: { enabled?: boolean } | undefined) => section !== undefined && section.enabled !== false;

const generatorOn = (spec: Spec) =>
  on(spec.tempo) &&
  (spec.tempo?.metricsGenerator?.serviceGraphs !== false || spec.tempo?.metricsGenerator?.spanMetrics !== false);

/** Grafana, Tempo, Loki and dashboards: credentials, references between components, panel queries. */
/** tempodb.DefaultBlocklistPoll (tempodb/config.go at v2.8.1 and v3.0.0) */
const TEMPO_BLOCKLIST_POLL_MS = 5 * 60_000;

export const observabilityRules: SpecRule[] = [
  rule('tempo-retention', ({ spec }, r) => {
    const retention = spec.tempo?.retention;
    const retentionMs = retention === undefined ? undefined : parseDuration(retention);
    if (!on(spec.tempo) || retentionMs === undefined) return;
    if (retentionMs === 0) r.report(['tempo', 'retention'], `must be longer than 0, got "${retention}"`);
    else if (retentionMs < TEMPO_BLOCKLIST_POLL_MS) {
      // Tempo's CheckConfig warns when block_retention < storage.trace.blocklist_poll (5m by default):
      // cmd/tempo/app/config.go (warnBlockRetention) at v2.8.1 and v3.0.0
      r.warn(
        ['tempo', 'retention'],
        `${retention} is shorter than Tempo's blocklist poll (5m): queriers may read blocks that no longer exist`,
        { hint: 'use 5m or more' },
      );
    }
  }),

  rule('tracing-backend', ({ spec }, r) => {
    const jaeger = spec.tracing?.backend === 'jaeger';
    if (jaeger && on(spec.tempo)) {
      r.report(
        ['tempo'],
        'tracing.backend is jaeger, so applications send spans to Jaeger and this Tempo would receive none',
        {
          key: true,
          hint: 'remove the tempo: section (or set tempo.enabled: false), or set tracing.backend: tempo',
        },
      );
    }
    if (!jaeger && spec.tracing?.jaeger)
      r.warn(['tracing', 'jaeger'], 'Jaeger settings without tracing.backend: jaeger are ignored', {
        key: true,
        hint: 'add tracing.backend: jaeger',
      });
  }),

  rule('grafana-admin-password', ({ spec }, r) => {
    if (on(spec.grafana) && !spec.grafana?.adminPassword && !spec.grafana?.allowDefaultAdmin) {
      r.report(['grafana'], 'Grafana would start with its admin/admin default, as the seed stack did', {
        key: true,
        hint: 'set grafana.adminPassword: {env: GRAFANA_ADMIN_PASSWORD} (or {file: ...}); for a throwaway local stack, allowDefaultAdmin: true',
      });
    }
  }),

  rule('tempo-s3-credentials-from-env', ({ spec }, r) => {
    const storage = spec.tempo?.storage;
    if (!storage || storage === 'local') return;
    for (const key of ['accessKey', 'secretKey'] as const) {
      if (storage.s3[key] && 'file' in storage.s3[key]!) {
        r.report(['tempo', 'storage', 's3', key], 'Tempo reads S3 credentials from its environment, not from files', {
          hint: 'use {env: NAME}',
        });
      }
    }
  }),

  rule('metrics-generator-needs-remote-write', ({ spec }, r) => {
    if (generatorOn(spec) && spec.prometheus?.remoteWriteReceiver === false) {
      r.report(
        ['prometheus', 'remoteWriteReceiver'],
        "Tempo's metrics-generator writes to Prometheus's /api/v1/write, which needs the remote-write receiver",
        {
          hint: 'remove remoteWriteReceiver: false, or turn tempo.metricsGenerator off',
        },
      );
    }
  }),

  rule('service-map-reads-this-prometheus', ({ spec }, r) => {
    if (generatorOn(spec) && on(spec.grafana) && spec.grafana?.prometheusUrl !== undefined) {
      r.warn(
        ['grafana', 'prometheusUrl'],
        `Grafana's service map reads ${spec.grafana.prometheusUrl}, but Tempo writes service-graph metrics to this stack's Prometheus`,
        {
          hint: 'make sure that URL serves the same Prometheus',
        },
      );
    }
  }),

  rule('service-tracing-needs-tempo', ({ spec }, r) => {
    spec.services.forEach((s, i) => {
      if (s.tracing && !on(spec.tempo) && spec.tracing?.backend !== 'jaeger')
        r.warn(
          ['services', i, 'tracing'],
          `the sampling settings send spans to Tempo, which this spec does not deploy`,
          { key: true },
        );
    });
  }),

  rule('dashboard-presets', ({ spec, nodeExporter }, r) => {
    (spec.dashboards?.presets ?? []).forEach((p, i) => {
      if (p === 'tracing' && !on(spec.tempo))
        r.report(['dashboards', 'presets', i], 'the tracing dashboard needs Tempo: add a tempo: section');
      if (p === 'system-resources' && !nodeExporter)
        r.report(['dashboards', 'presets', i], 'the system-resources dashboard needs node_exporter (exporters.node)');
    });
  }),

  rule('dashboards-need-grafana', ({ spec }, r) => {
    if (spec.dashboards && !on(spec.grafana))
      r.warn(['dashboards'], 'dashboards are rendered only with Grafana: add a grafana: section', { key: true });
  }),

  rule('custom-dashboards', ({ spec }, r) => {
    const known = new Map<string, boolean>([
      [datasourceUids.prometheus, true],
      [datasourceUids.alertmanager, spec.alertmanager?.enabled !== false],
      [datasourceUids.tempo, on(spec.tempo)],
      [datasourceUids.loki, on(spec.loki)],
    ]);
    const uids = new Map<string, number>();
    (spec.dashboards?.custom ?? []).forEach((d, i) => {
      const path = ['dashboards', 'custom', i];
      if ((DASHBOARD_PRESETS as readonly string[]).includes(d.uid))
        r.report([...path, 'uid'], `dashboard uid "${d.uid}" is a preset's`, { hint: 'choose another uid' });
      else if (uids.has(d.uid))
        r.report([...path, 'uid'], `duplicate dashboard uid "${d.uid}" (also dashboards.custom[${uids.get(d.uid)}])`);
      else uids.set(d.uid, i);
      (d.variables ?? []).forEach((v, j) => {
        if ((v.query === undefined) === (v.values === undefined))
          r.report([...path, 'variables', j], 'a variable needs exactly one of `query:` (label_values) or `values:`');
      });
      const defined = new Set((d.variables ?? []).map((v) => v.name));
      d.rows.forEach((row, j) =>
        row.panels.forEach((p, k) =>
          checkPanel(r, p, [...path, 'rows', j, 'panels', k], known, defined, specPromqlVersion(spec)),
        ),
      );
    });
  }),
];

function checkPanel(
  r: Reporter,
  p: PanelSpec,
  pp: SpecPath,
  known: Map<string, boolean>,
  defined: Set<string>,
  prometheus: PromVersion,
): void {
  if ((p.expr === undefined) === (p.queries === undefined)) {
    r.report(pp, 'a panel needs exactly one of `expr:` or `queries:`');
    return;
  }
  const ds = p.datasource ?? datasourceUids.prometheus;
  const deployed = [...known].filter(([, v]) => v).map(([k]) => k);
  if (!known.has(ds))
    r.report([...pp, 'datasource'], `no datasource with uid "${ds}"${didYouMean(ds, deployed)}`, {
      hint: `datasources: ${deployed.join(', ')}`,
    });
  else if (!known.get(ds)) r.report([...pp, 'datasource'], `datasource "${ds}" is not deployed by this spec`);
  const exprs: Array<[SpecPath, string]> =
    p.expr !== undefined
      ? [[[...pp, 'expr'], p.expr]]
      : p.queries!.map((q, n) => [[...pp, 'queries', n, 'expr'], q.expr]);
  if (ds !== datasourceUids.prometheus) return;
  for (const [at, expr] of exprs) {
    for (const problem of promqlProblems(promqlOfPanel(expr), { prometheus, as: 'query' }))
      r.report(at, problem.message, { offset: problem.offset <= expr.length ? problem.offset : undefined });
    for (const ref of variableRefs(expr).filter((v) => !defined.has(v.name))) {
      r.report(at, `uses $${ref.name}, which is not a variable of this dashboard${didYouMean(ref.name, defined)}`, {
        offset: ref.index,
        hint: 'Grafana would send it as written: define it under variables:, or write the value',
      });
    }
  }
}

/** Listen ports of the local target, for the collision check. */
export function componentPorts(
  spec: Spec,
): Array<{ path: string[]; value: number | undefined; fallback: number; what: string }> {
  const t = spec.tempo?.ports;
  return [
    ...(on(spec.grafana)
      ? [{ path: ['grafana', 'port'], value: spec.grafana?.port, fallback: defaultPorts.grafana, what: 'grafana' }]
      : []),
    ...(on(spec.loki)
      ? [{ path: ['loki', 'port'], value: spec.loki?.port, fallback: defaultPorts.loki, what: 'loki' }]
      : []),
    ...(on(spec.tempo)
      ? [
          { path: ['tempo', 'ports', 'http'], value: t?.http, fallback: defaultPorts.tempoHttp, what: 'tempo (http)' },
          { path: ['tempo', 'ports', 'grpc'], value: t?.grpc, fallback: defaultPorts.tempoGrpc, what: 'tempo (grpc)' },
          {
            path: ['tempo', 'ports', 'otlpGrpc'],
            value: t?.otlpGrpc,
            fallback: defaultPorts.otlpGrpc,
            what: 'tempo (OTLP gRPC)',
          },
          {
            path: ['tempo', 'ports', 'otlpHttp'],
            value: t?.otlpHttp,
            fallback: defaultPorts.otlpHttp,
            what: 'tempo (OTLP HTTP)',
          },
        ]
      : []),
    // with Tempo on as well, that is reported once (tracing-backend), not again as port collisions
    ...(spec.tracing?.backend === 'jaeger' && !on(spec.tempo)
      ? (
          [
            ['query', 'jaegerQuery', 'query HTTP'],
            ['queryGrpc', 'jaegerQueryGrpc', 'query gRPC'],
            ['otlpGrpc', 'otlpGrpc', 'OTLP gRPC'],
            ['otlpHttp', 'otlpHttp', 'OTLP HTTP'],
            ['health', 'jaegerHealth', 'health'],
            ['metrics', 'jaegerMetrics', 'telemetry'],
            ['spanMetrics', 'jaegerSpanMetrics', 'span metrics'],
          ] as const
        ).map(([key, def, what]) => ({
          path: ['tracing', 'jaeger', 'ports', key],
          value: spec.tracing?.jaeger?.ports?.[key],
          fallback: defaultPorts[def],
          what: `jaeger (${what})`,
        }))
      : []),
  ];
}
