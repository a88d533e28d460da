import { parse as parseYaml } from 'yaml';
import { treeDigest } from '../../deploy/tree.js';
import { files, SECRETS_DIR } from '../../model/conventions.js';
import { sha256 } from '../../artifacts/manifest.js';
import type { CheckResult } from '../../report/checks.js';
import { fail, needs, pass, type VerifyContext } from '../context.js';
import { getJson } from '../../net/http.js';
import { timed } from '../../report/checks.js';

type Json = Record<string, unknown>;

/** The deployed files against what the spec generates now: an edit by hand, or a spec not deployed. */
async function filesDrift(ctx: VerifyContext): Promise<CheckResult> {
  return timed('drift.files', 'deployed files equal what the spec generates', async () => {
    const on = await treeDigest(ctx.configDir!);
    const want = new Map(ctx.artifacts.map((a) => [a.path, sha256(a.content)]));
    const lines: string[] = [];
    for (const [path, hash] of want) {
      if (!on.has(path)) lines.push(`missing   ${path}`);
      else if (on.get(path) !== hash) lines.push(`changed   ${path}`);
    }
    for (const path of on.keys()) if (!want.has(path) && !path.startsWith(`${SECRETS_DIR}/`)) lines.push(`extra     ${path}`);
    return lines.length ? fail(`${lines.length} files differ from the spec (run \`mon deploy\` to apply it):\n${lines.join('\n')}`) : pass(`${want.size} files as generated`);
  });
}

/** The parts of a scrape config that mean something, as Prometheus reports them back. */
const scrapeSummary = (c: Json) => ({
  job: c.job_name,
  interval: c.scrape_interval,
  path: c.metrics_path ?? '/metrics',
  targets: ((c.static_configs as Json[] | undefined) ?? []).flatMap((s) => s.targets as string[]).sort(),
});

/** The live Prometheus config against the generated one: jobs, targets, intervals, rule files. */
async function prometheusDrift(ctx: VerifyContext): Promise<CheckResult> {
  return needs(ctx, 'prometheus', 'drift.prometheus', 'live Prometheus config equals the generated one', async (url) => {
    const r = await getJson<{ data: { yaml: string } }>(`${url}/api/v1/status/config`, ctx.endpoints.auth);
    if (!r.data) return fail(r.why!);
    const live = parseYaml(r.data.data.yaml) as Json;
    const gen = parseYaml(ctx.artifacts.find((a) => a.path === files.prometheusConfig)!.content) as Json;
    const diff: string[] = [];
    const g = gen.global as Json;
    const lg = live.global as Json;
    for (const k of ['scrape_interval', 'evaluation_interval']) if (g[k] !== lg[k]) diff.push(`global.${k}: live ${String(lg[k])}, generated ${String(g[k])}`);
    const want = new Map(((gen.scrape_configs as Json[]) ?? []).map((c) => [c.job_name, JSON.stringify(scrapeSummary({ scrape_interval: g.scrape_interval, ...c }))]));
    const got = new Map(((live.scrape_configs as Json[]) ?? []).map((c) => [c.job_name, JSON.stringify(scrapeSummary(c))]));
    for (const [job, w] of want) if (got.get(job) !== w) diff.push(`job ${String(job)}: live ${got.get(job) ?? 'absent'}, generated ${w}`);
    for (const job of got.keys()) if (!want.has(job)) diff.push(`job ${String(job)}: live only`);
    const ruleFiles = (x: Json) => ((x.rule_files as string[] | undefined) ?? []).map((f) => f.split('/').pop()).sort().join(', ');
    if (ruleFiles(gen) !== ruleFiles(live)) diff.push(`rule_files: live ${ruleFiles(live) || 'none'}, generated ${ruleFiles(gen) || 'none'}`);
    return diff.length ? fail(`drift (run \`mon deploy\`):\n${diff.join('\n')}`) : pass(`${want.size} jobs and ${ruleFiles(gen).split(', ').filter(Boolean).length} rule files as generated`);
  });
}

/** The live Alertmanager config against the generated one: receivers, routes, inhibition. */
async function alertmanagerDrift(ctx: VerifyContext): Promise<CheckResult> {
  return needs(ctx, 'alertmanager', 'drift.alertmanager', 'live Alertmanager config equals the generated one', async (url) => {
    const r = await getJson<{ config: { original: string } }>(`${url}/api/v2/status`, ctx.endpoints.auth);
    if (!r.data) return fail(r.why!);
    const live = parseYaml(r.data.config.original) as Json;
    const gen = parseYaml(ctx.artifacts.find((a) => a.path === files.alertmanagerConfig)!.content) as Json;
    const routes = (x: Json): string[] => {
      const out: string[] = [];
      const walk = (node: Json, depth: number) => {
        out.push(`${'  '.repeat(depth)}${String(node.receiver)} ${JSON.stringify(node.matchers ?? [])}${node.continue ? ' continue' : ''}`);
        for (const c of (node.routes as Json[] | undefined) ?? []) walk(c, depth + 1);
      };
      walk(x.route as Json, 0);
      return out;
    };
    const receivers = (x: Json) => ((x.receivers as Json[]) ?? []).map((rc) => String(rc.name)).sort().join(', ');
    const diff: string[] = [];
    if (routes(live).join('\n') !== routes(gen).join('\n')) diff.push(`routes: live\n${routes(live).join('\n')}\n  generated\n${routes(gen).join('\n')}`);
    if (receivers(live) !== receivers(gen)) diff.push(`receivers: live ${receivers(live)}, generated ${receivers(gen)}`);
    const inhibit = (x: Json) => ((x.inhibit_rules as Json[] | undefined) ?? []).length;
    if (inhibit(live) !== inhibit(gen)) diff.push(`inhibit rules: live ${inhibit(live)}, generated ${inhibit(gen)}`);
    return diff.length ? fail(`drift (run \`mon deploy\`):\n${diff.join('\n')}`) : pass(`${receivers(gen).split(', ').length} receivers and the route tree as generated`);
  });
}

export async function driftChecks(ctx: VerifyContext): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  if (ctx.configDir) out.push(await filesDrift(ctx));
  out.push(await prometheusDrift(ctx));
  if (ctx.model.alertmanager.enabled) out.push(await alertmanagerDrift(ctx));
  return out;
}
