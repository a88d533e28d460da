import type { ComponentName } from '../../deploy/components.js';
import { readyPaths } from '../../model/conventions.js';
import type { CheckResult } from '../../report/checks.js';
import { checkMetrics } from '../../tools/promtool.js';
import { plural } from '../../ui/text.js';
import { fail, needs, pass, type VerifyContext } from '../context.js';
import { describeFailure, getJson, http } from '../http.js';

const READY: Array<[Exclude<ComponentName, 'prometheus'>, string]> = [
  ['alertmanager', 'Alertmanager ready'],
  ['node_exporter', 'node_exporter answers'],
  ['tempo', 'Tempo ready'],
  ['grafana', 'Grafana healthy'],
  ['loki', 'Loki ready'],
  ['dingtalk', 'DingTalk bridge ready'],
];

/** Every component other than Prometheus: ready; Alertmanager's receivers and reload. */
export async function componentChecks(ctx: VerifyContext): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const [c, name] of READY) {
    const path = readyPaths[c];
    if (!(c in ctx.endpoints.urls) && !(c in ctx.endpoints.absent)) continue;
    out.push(
      await needs(ctx, c, `${c}.ready`, name, async (url) => {
        const r = await http(`${url}${path}`, { auth: c === 'grafana' ? ctx.endpoints.grafanaAuth : ctx.endpoints.auth });
        if (!r.ok) return fail(describeFailure(`${url}${path}`, r));
        if (c === 'grafana' && !/"database"\s*:\s*"ok"/.test(r.text)) return fail(`${url}/api/health: database is not ok: ${r.text.trim()}`);
        return pass(url);
      }),
    );
  }
  if (!ctx.model.alertmanager.enabled) return out;
  const auth = ctx.endpoints.auth;
  out.push(
    await needs(ctx, 'alertmanager', 'alertmanager.receivers', 'Alertmanager has every receiver', async (url) => {
      const r = await getJson<Array<{ name: string }>>(`${url}/api/v2/receivers`, auth);
      if (!r.data) return fail(r.why!);
      const live = new Set(r.data.map((x) => x.name));
      const missing = ctx.model.alertmanager.receivers.map((x) => x.name).filter((n) => !live.has(n));
      return missing.length ? fail(`receivers missing in Alertmanager: ${missing.join(', ')}`) : pass([...live].join(', '));
    }),
    await needs(ctx, 'alertmanager', 'alertmanager.reload', 'last Alertmanager config reload succeeded', async (url) => {
      const r = await http(`${url}/metrics`, { auth });
      if (!r.ok) return fail(describeFailure(`${url}/metrics`, r));
      const v = /^alertmanager_config_last_reload_successful(?:\{[^}]*\})? (\S+)$/m.exec(r.text)?.[1];
      return v === '1' ? pass('alertmanager_config_last_reload_successful 1') : fail(`alertmanager_config_last_reload_successful is ${v ?? 'missing'}: Alertmanager runs an older configuration (see \`mon logs alertmanager\`)`);
    }),
  );
  return out;
}

/** Each service's metrics endpoint answers in the Prometheus text format (promtool's parser). */
export async function serviceChecks(ctx: VerifyContext): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const s of ctx.model.services) {
    const job = ctx.model.jobs.find((j) => j.name === s.job)!;
    const query = Object.entries(job.params).flatMap(([k, vs]) => vs.map((v) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)).join('&');
    // the target as this machine reaches it (Compose rewrote 127.0.0.1 to host.docker.internal for Prometheus)
    const targets = job.targets.map((t) => t.replace(/^host\.docker\.internal:/, '127.0.0.1:'));
    out.push(
      await needs(ctx, 'prometheus', `metrics.${s.name}`, `${s.name}: metrics endpoint in Prometheus format`, async () => {
        const problems: string[] = [];
        let series = 0;
        for (const t of targets) {
          const url = `${job.scheme}://${t}${job.metricsPath}${query ? `?${query}` : ''}`;
          const r = await http(url, { timeoutMs: 5000 });
          if (!r.ok) {
            problems.push(describeFailure(url, r));
            continue;
          }
          const parsed = await checkMetrics(r.text);
          if (parsed.exitCode === 1) problems.push(`${url} is not in the Prometheus text format: ${parsed.stderr.trim().split('\n')[0]}`);
          series += r.text.split('\n').filter((l) => l && !l.startsWith('#')).length;
        }
        return problems.length ? fail(problems.join('\n')) : pass(`${plural(targets.length, 'target')}, ${plural(series, 'sample')}`);
      }),
    );
  }
  return out;
}
