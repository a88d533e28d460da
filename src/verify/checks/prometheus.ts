import { access, constants, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { component, type ComponentName, componentJobs } from '../../components/index.js';
import { files } from '../../model/conventions.js';
import { ruleName, type ScrapeJob, type Service } from '../../model/types.js';
import { getJson, http } from '../../net/http.js';
import type { CheckResult } from '../../report/checks.js';
import { plural } from '../../ui/text.js';
import { absent as absentCheck, fail, needs, pass, type VerifyContext } from '../context.js';

interface Target {
  labels: Record<string, string>;
  scrapePool: string;
  scrapeUrl: string;
  lastError: string;
  health: 'up' | 'down' | 'unknown';
}
interface Envelope<T> {
  status: string;
  data: T;
}
type Check = (ctx: VerifyContext) => Promise<CheckResult>;

const ready: Check = (ctx) =>
  needs(ctx, 'prometheus', 'prometheus.ready', 'Prometheus ready and healthy', async (url) => {
    const auth = ctx.endpoints.auth;
    const path = component('prometheus').readyPath;
    const r = await http(`${url}${path}`, { auth });
    const healthy = await http(`${url}/-/healthy`, { auth });
    if (!r.ok) return fail(`${url}${path}: ${r.error ?? `HTTP ${r.status} ${r.text.trim()}`}`);
    return healthy.ok ? pass(url) : fail(`${url}/-/healthy: ${healthy.error ?? `HTTP ${healthy.status}`}`);
  });

/** Scrape jobs of components that were not deployed: their targets cannot be up. */
function absentJobs(ctx: VerifyContext): Map<string, ComponentName> {
  const map = new Map<string, ComponentName>();
  for (const [job, c] of componentJobs()) if (ctx.endpoints.absent[c] && c !== 'prometheus') map.set(job, c);
  return map;
}

const targetsUp = (
  ctx: VerifyContext,
  job: ScrapeJob,
  targets: Promise<{ data?: Envelope<{ activeTargets: Target[] }>; why?: string }>,
): Promise<CheckResult> =>
  needs(ctx, 'prometheus', `targets.${job.name}`, `job ${job.name}: every target up`, async () => {
    const t = await targets;
    if (!t.data) return fail(t.why!);
    // prometheus-operator names its scrape pools scrapeConfig/<ns>/<name>, serviceMonitor/...: the job label is the job
    const mine = t.data.data.activeTargets.filter((x) =>
      ctx.model.target === 'kubernetes' ? x.labels.job === job.name : x.scrapePool === job.name,
    );
    if (!mine.length) return fail(`Prometheus has no target for job ${job.name}`);
    const bad = mine.filter((x) => x.health !== 'up');
    if (bad.length)
      return fail(
        bad
          .map((x) => `${x.scrapeUrl} is ${x.health}${x.lastError ? `: ${x.lastError}` : ' (not scraped yet)'}`)
          .join('\n'),
      );
    return pass(`${plural(mine.length, 'target')} up`);
  });

const serviceData = (ctx: VerifyContext, s: Service): Promise<CheckResult> =>
  needs(ctx, 'prometheus', `query.${s.name}`, `${s.name}: a query returns its data`, async (url) => {
    // the series Prometheus makes itself (up, scrape_*, and the ALERTS of rules on this job) are not the service's
    const q = `count({job="${s.job}",__name__!="up",__name__!~"scrape_.+|ALERTS|ALERTS_FOR_STATE"})`;
    const r = await getJson<Envelope<{ result: Array<{ value: [number, string] }> }>>(
      `${url}/api/v1/query?query=${encodeURIComponent(q)}`,
      ctx.endpoints.auth,
    );
    if (!r.data) return fail(r.why!);
    const n = Number(r.data.data.result[0]?.value[1] ?? 0);
    return n > 0
      ? pass(`${n} series from job ${s.job}`)
      : fail(`no series from job ${s.job} in Prometheus (query: ${q})`);
  });

/** The report's permission problem: a rule file Prometheus cannot read is a rule that never runs. */
const ruleFilesReadable = (ctx: VerifyContext, dir: string): Promise<CheckResult> =>
  needs(ctx, 'prometheus', 'rules.files', 'every rule file readable', async () => {
    const bad: string[] = [];
    const need = ctx.target.ruleFileMode;
    for (const g of ctx.model.ruleGroups) {
      const f = join(dir, files.ruleFile(g.name));
      const problem = await access(f, constants.R_OK).then(
        async () =>
          (await stat(f)).mode & need
            ? undefined
            : `not readable (mode ${((await stat(f)).mode & 0o777).toString(8).padStart(3, '0')})`,
        (e: NodeJS.ErrnoException) =>
          e.code === 'EACCES' ? 'permission denied' : e.code === 'ENOENT' ? 'missing' : e.message,
      );
      if (problem) bad.push(`${f}: ${problem}`);
    }
    return bad.length
      ? fail(
          `${bad.join('\n')}\nPrometheus cannot load these rules: fix the file permissions (chmod 644) and run mon deploy`,
        )
      : pass(`${plural(ctx.model.ruleGroups.length, 'rule file')} readable`);
  });

const rulesLoaded: Check = (ctx) =>
  needs(
    ctx,
    'prometheus',
    'rules.loaded',
    'rule groups loaded as generated, evaluated, without errors',
    async (url) => {
      const r = await getJson<
        Envelope<{
          groups: Array<{
            name: string;
            lastEvaluation: string;
            rules: Array<{ name: string; health: string; lastError?: string }>;
          }>;
        }>
      >(`${url}/api/v1/rules`, ctx.endpoints.auth);
      if (!r.data) return fail(r.why!);
      const live = new Map(r.data.data.groups.map((g) => [g.name, g]));
      const problems: string[] = [];
      let evaluated = 0;
      for (const g of ctx.model.ruleGroups) {
        const l = live.get(g.name);
        if (!l) {
          problems.push(`group ${g.name} is not loaded`);
          continue;
        }
        const want = g.rules.map(ruleName).join(',');
        const got = l.rules.map((x) => x.name).join(',');
        if (want !== got) problems.push(`group ${g.name}: loaded ${l.rules.length} rules, generated ${g.rules.length}`);
        if (l.lastEvaluation.startsWith('0001-')) problems.push(`group ${g.name} has not been evaluated yet`);
        else evaluated++;
        for (const x of l.rules)
          if (x.health === 'err') problems.push(`${g.name}/${x.name}: ${x.lastError ?? 'evaluation error'}`);
      }
      const extra = [...live.keys()].filter((n) => !ctx.model.ruleGroups.some((g) => g.name === n));
      if (extra.length) problems.push(`groups loaded that the spec does not generate: ${extra.join(', ')}`);
      const rules = ctx.model.ruleGroups.reduce((n, g) => n + g.rules.length, 0);
      return problems.length
        ? fail(problems.join('\n'))
        : pass(
            `${plural(ctx.model.ruleGroups.length, 'group')}, ${plural(rules, 'rule')}, all evaluated (${evaluated})`,
          );
    },
  );

const lastReload: Check = (ctx) =>
  needs(ctx, 'prometheus', 'prometheus.reload', 'last config reload succeeded', async (url) => {
    const r = await getJson<Envelope<{ reloadConfigSuccess: boolean; lastConfigTime: string }>>(
      `${url}/api/v1/status/runtimeinfo`,
      ctx.endpoints.auth,
    );
    if (!r.data) return fail(r.why!);
    return r.data.data.reloadConfigSuccess
      ? pass(`config loaded at ${r.data.data.lastConfigTime}`)
      : fail('the last config reload failed: Prometheus runs an older configuration (see `mon logs prometheus`)');
  });

const sendsToAlertmanager: Check = (ctx) =>
  needs(ctx, 'prometheus', 'alertmanager.connected', 'Prometheus sends alerts to Alertmanager', async (url) => {
    const r = await getJson<Envelope<{ activeAlertmanagers: Array<{ url: string }> }>>(
      `${url}/api/v1/alertmanagers`,
      ctx.endpoints.auth,
    );
    if (!r.data) return fail(r.why!);
    const active = r.data.data.activeAlertmanagers.map((a) => a.url);
    const want = ctx.model.alertmanager.address;
    // on Kubernetes the operator points Prometheus at the Alertmanager pods' IPs, not at a Service name
    const found = ctx.model.target === 'kubernetes' ? active.length > 0 : active.some((u) => u.includes(want));
    return found
      ? pass(active.join(', '))
      : fail(`Prometheus knows ${active.length ? active.join(', ') : 'no Alertmanager'}, not ${want}`);
  });

/** Prometheus's checks, in a stable order: ready, targets per job, data per service, rules, reload, Alertmanager. */
export async function prometheusChecks(ctx: VerifyContext): Promise<CheckResult[]> {
  const out: CheckResult[] = [await ready(ctx)];
  const promUrl = ctx.endpoints.urls.prometheus;
  if (!promUrl) return out;
  const targets = getJson<Envelope<{ activeTargets: Target[] }>>(
    `${promUrl}/api/v1/targets?state=active`,
    ctx.endpoints.auth,
  );
  const absent = absentJobs(ctx);
  for (const job of ctx.model.jobs) {
    const c = absent.get(job.name);
    out.push(
      c
        ? absentCheck(ctx, c, `targets.${job.name}`, `job ${job.name}: every target up`)
        : await targetsUp(ctx, job, targets),
    );
  }
  for (const s of ctx.model.services) out.push(await serviceData(ctx, s));
  if (ctx.configDir && ctx.model.ruleGroups.length) out.push(await ruleFilesReadable(ctx, ctx.configDir));
  out.push(await rulesLoaded(ctx), await lastReload(ctx));
  if (ctx.model.alertmanager.enabled) out.push(await sendsToAlertmanager(ctx));
  return out;
}
