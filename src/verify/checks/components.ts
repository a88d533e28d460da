import { component, enabledComponents } from '../../components/index.js';
import { type CheckResult, skipped } from '../../report/checks.js';
import { checkMetrics } from '../../tools/promtool.js';
import { plural } from '../../ui/text.js';
import { fail, needs, pass, type VerifyContext } from '../context.js';
import { checkExposition } from '../../net/exposition.js';
import { describeFailure, getJson, http } from '../../net/http.js';
import { mapLimit } from '../../util/concurrency.js';

/** Every component other than Prometheus: ready; Alertmanager's receivers and reload. */
export async function componentChecks(ctx: VerifyContext): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  // Prometheus's own readiness comes first, with its other checks
  for (const c of enabledComponents(ctx.model).filter((n) => n !== 'prometheus')) {
    const spec = component(c);
    const path = spec.readyPath;
    out.push(
      await needs(ctx, c, `${c}.ready`, `${spec.title} ready`, async (url) => {
        // Grafana has users of its own; the others share the stack's proxy credentials
        const r = await http(`${url}${path}`, {
          auth: c === 'grafana' ? ctx.endpoints.grafanaAuth : ctx.endpoints.auth,
        });
        if (!r.ok) return fail(describeFailure(`${url}${path}`, r));
        const problem = spec.readyProblem?.(r.text);
        return problem ? fail(`${url}${path}: ${problem}`) : pass(url);
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
      return missing.length
        ? fail(`receivers missing in Alertmanager: ${missing.join(', ')}`)
        : pass([...live].join(', '));
    }),
    await needs(
      ctx,
      'alertmanager',
      'alertmanager.reload',
      'last Alertmanager config reload succeeded',
      async (url) => {
        const r = await http(`${url}/metrics`, { auth });
        if (!r.ok) return fail(describeFailure(`${url}/metrics`, r));
        const v = /^alertmanager_config_last_reload_successful(?:\{[^}]*\})? (\S+)$/m.exec(r.text)?.[1];
        return v === '1'
          ? pass('alertmanager_config_last_reload_successful 1')
          : fail(
              `alertmanager_config_last_reload_successful is ${v ?? 'missing'}: Alertmanager runs an older configuration (see \`mon logs alertmanager\`)`,
            );
      },
    ),
  );
  return out;
}

/**
 * Each service's metrics endpoint answers in the Prometheus text format: every target fetched in
 * parallel and parsed in-process, and the first target of each service also by promtool's own
 * parser (`promtool check metrics`), so a stack with hundreds of targets takes one pass.
 */
export async function serviceChecks(ctx: VerifyContext): Promise<CheckResult[]> {
  return mapLimit(ctx.model.services, 4, (s) => {
    const job = ctx.model.jobs.find((j) => j.name === s.job)!;
    const query = Object.entries(job.params)
      .flatMap(([k, vs]) => vs.map((v) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`))
      .join('&');
    // the target as this machine reaches it (Compose rewrote 127.0.0.1 to host.docker.internal for Prometheus)
    const targets = job.targets.map((t) => t.replace(/^host\.docker\.internal:/, '127.0.0.1:'));
    if (ctx.model.target === 'kubernetes')
      return Promise.resolve(
        skipped(
          `metrics.${s.name}`,
          `${s.name}: metrics endpoint in Prometheus format`,
          'on Kubernetes its targets are cluster addresses: targets.* checks them through Prometheus',
        ),
      );
    return needs(
      ctx,
      'prometheus',
      `metrics.${s.name}`,
      `${s.name}: metrics endpoint in Prometheus format`,
      async () => {
        // promtool reads the first target's answer while the others are fetched
        let real: ReturnType<typeof checkMetrics> | undefined;
        const answers = await mapLimit(targets, 16, async (t, i) => {
          const url = `${job.scheme}://${t}${job.metricsPath}${query ? `?${query}` : ''}`;
          const r = await http(url, { timeoutMs: 5000 });
          if (i === 0 && r.ok) real = checkMetrics(r.text);
          return { url, r };
        });
        const problems: string[] = [];
        let series = 0;
        for (const [i, { url, r }] of answers.entries()) {
          if (!r.ok) {
            problems.push(describeFailure(url, r));
            continue;
          }
          const parsed = checkExposition(r.text);
          series += parsed.samples;
          if (parsed.problem) problems.push(`${url} is not in the Prometheus text format: ${parsed.problem}`);
          else if (i === 0 && real) {
            const promtool = await real;
            if (promtool.exitCode === 1)
              problems.push(`${url} is not in the Prometheus text format: ${promtool.stderr.trim().split('\n')[0]}`);
          }
        }
        return problems.length
          ? fail(problems.join('\n'))
          : pass(`${plural(targets.length, 'target')}, ${plural(series, 'sample')}`);
      },
    );
  });
}
