import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stackPaths } from '../../deploy/paths.js';
import { jobs } from '../../model/conventions.js';
import { generatorOn } from '../../model/observability.js';
import type { CheckResult } from '../../report/checks.js';
import { plural } from '../../ui/text.js';
import { fail, needs, pass, type VerifyContext } from '../context.js';
import { describeFailure, getJson, http } from '../../net/http.js';

export async function grafanaChecks(ctx: VerifyContext): Promise<CheckResult[]> {
  if (!ctx.model.grafana.enabled) return [];
  const auth = ctx.endpoints.grafanaAuth;
  return [
    await needs(ctx, 'grafana', 'grafana.datasources', 'Grafana: every datasource present and healthy', async (url) => {
      const list = await getJson<Array<{ uid: string; type: string }>>(`${url}/api/datasources`, auth);
      if (!list.data) return fail(`${list.why!}${list.why!.startsWith('HTTP 401 ') ? grafanaPasswordHint(ctx) : ''}`);
      const live = new Map(list.data.map((d) => [d.uid, d]));
      const problems: string[] = [];
      for (const d of ctx.model.grafana.datasources) {
        const uid = String(d.uid);
        if (!live.has(uid)) {
          problems.push(`datasource ${uid} is not provisioned`);
          continue;
        }
        if (d.type === 'tempo') {
          // Grafana's health check is unreliable for Tempo: ask Tempo through Grafana's proxy
          const echo = await http(`${url}/api/datasources/proxy/uid/${uid}/api/echo`, { auth });
          if (!echo.ok || echo.text.trim() !== 'echo')
            problems.push(
              `datasource ${uid}: Tempo does not answer through Grafana (${describeFailure('api/echo', echo)})`,
            );
          continue;
        }
        if (d.type === 'loki' && ctx.state?.target === 'local' && ctx.endpoints.absent.loki) {
          problems.push(`datasource ${uid}: Loki is ${ctx.endpoints.absent.loki}`);
          continue;
        }
        if (d.type === 'alertmanager') {
          // no backend health check (Grafana answers 500): its test runs in the browser and asks
          // Alertmanager's /api/v2/status through Grafana's proxy (testDatasource in Grafana's
          // public/app/plugins/datasource/alertmanager/DataSource.ts); so does this check
          const status = await http(`${url}/api/datasources/proxy/uid/${uid}/api/v2/status`, { auth });
          if (!status.ok)
            problems.push(
              `datasource ${uid}: Alertmanager does not answer through Grafana (${describeFailure('api/v2/status', status)})`,
            );
          continue;
        }
        const h = await getJson<{ status: string; message: string }>(`${url}/api/datasources/uid/${uid}/health`, auth);
        if (!h.data) problems.push(`datasource ${uid}: ${h.why}`);
        else if (h.data.status !== 'OK') problems.push(`datasource ${uid}: ${h.data.status} ${h.data.message}`);
      }
      return problems.length ? fail(problems.join('\n')) : pass(`${plural(live.size, 'datasource')} healthy`);
    }),
    await needs(ctx, 'grafana', 'grafana.dashboards', 'Grafana: every dashboard provisioned', async (url) => {
      const problems: string[] = [];
      const plans = ctx.model.dashboards.plans;
      for (const p of plans) {
        const d = await getJson<{ meta?: { provisioned?: boolean } }>(`${url}/api/dashboards/uid/${p.uid}`, auth);
        if (!d.data) problems.push(`dashboard ${p.uid}: ${d.why}`);
        else if (!d.data.meta?.provisioned)
          problems.push(`dashboard ${p.uid} exists but was not provisioned from files`);
      }
      return problems.length ? fail(problems.join('\n')) : pass(plans.map((p) => p.uid).join(', '));
    }),
  ];
}

/**
 * Grafana sets [security] admin_password only when it creates its database on first start
 * ("can be changed before first start of grafana", conf/defaults.ini): a password changed in the
 * spec later is refused until it is reset in Grafana.
 */
function grafanaPasswordHint(ctx: VerifyContext): string {
  if (ctx.endpoints.grafanaAuth?.token || !ctx.model.grafana.adminPassword) return '';
  const db =
    ctx.state?.target === 'local' && ctx.configDir
      ? join(stackPaths(dirname(ctx.configDir)).data('grafana'), 'grafana.db')
      : undefined;
  const existing = db
    ? existsSync(db)
      ? `its database ${db} already existed`
      : undefined
    : ctx.model.target === 'compose'
      ? 'its grafana-data volume outlives redeploys'
      : undefined;
  if (!existing) return '';
  return `\nhint: Grafana applies admin_password only on its first start, and ${existing}: if the spec's password changed since, reset it (grafana cli admin reset-admin-password) or remove Grafana's data`;
}

const sumOf = (metrics: string, name: string) =>
  metrics
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .reduce((n, l) => n + Number(l.split(' ').pop()), 0);

export async function tempoChecks(ctx: VerifyContext): Promise<CheckResult[]> {
  const t = ctx.model.tempo;
  if (!t.enabled) return [];
  const auth = ctx.endpoints.auth;
  const query = async (promUrl: string, q: string) => {
    const r = await getJson<{ data: { result: Array<{ value: [number, string] }> } }>(
      `${promUrl}/api/v1/query?query=${encodeURIComponent(q)}`,
      auth,
    );
    return r.data ? Number(r.data.data.result[0]?.value[1] ?? 0) : undefined;
  };
  const out = [
    await needs(ctx, 'tempo', 'tempo.echo', 'Tempo answers its API (echo)', async (url) => {
      const r = await http(`${url}/api/echo`, { auth });
      return r.ok && r.text.trim() === 'echo' ? pass(`${url}/api/echo`) : fail(describeFailure(`${url}/api/echo`, r));
    }),
    await needs(ctx, 'tempo', 'tempo.spans', 'Tempo receives spans', async (url) => {
      const r = await http(`${url}/metrics`, { auth });
      if (!r.ok) return fail(describeFailure(`${url}/metrics`, r));
      const n = sumOf(r.text, 'tempo_distributor_spans_received_total');
      const sampled = ctx.model.services.filter((s) => s.tracing).map((s) => `tracing/${s.name}.env`);
      return n > 0
        ? pass(`${n} spans received`)
        : fail(
            `no span received yet: do the applications load ${sampled.join(', ') || 'an OTEL_* environment'} and export over OTLP?`,
          );
    }),
    await needs(
      ctx,
      ctx.endpoints.urls.tempo ? 'prometheus' : 'tempo',
      'tempo.scraped',
      'Prometheus scrapes Tempo',
      async () => {
        const prom = ctx.endpoints.urls.prometheus!;
        const up = await query(prom, `up{job="${jobs.tempo}"}`);
        return up === 1 ? pass(`up{job="${jobs.tempo}"} 1`) : fail(`up{job="${jobs.tempo}"} is ${up ?? 'absent'}`);
      },
    ),
  ];
  if (generatorOn(t)) {
    out.push(
      await needs(
        ctx,
        ctx.endpoints.urls.tempo ? 'prometheus' : 'tempo',
        'tempo.generator',
        "Tempo's service-graph and span metrics reach Prometheus",
        async () => {
          const prom = ctx.endpoints.urls.prometheus!;
          const missing: string[] = [];
          if (t.spanMetrics && !(await query(prom, 'count(traces_spanmetrics_calls_total)')))
            missing.push('traces_spanmetrics_calls_total');
          if (t.serviceGraphs && !(await query(prom, 'count(traces_service_graph_request_total)')))
            missing.push('traces_service_graph_request_total');
          if (!missing.length) return pass('span metrics and service graph present');
          return fail(
            `${missing.join(' and ')} absent in Prometheus: ${ctx.model.prometheus.remoteWriteReceiver ? 'Tempo has not written any yet (no spans, or remote_write failing: see `mon logs tempo`)' : 'Prometheus runs without --web.enable-remote-write-receiver'}`,
          );
        },
      ),
    );
  }
  return out;
}
