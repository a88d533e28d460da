import { posix } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { sha256 } from '../../artifacts/manifest.js';
import { component } from '../../components/index.js';
import { treeDigest } from '../../deploy/tree.js';
import { files, SECRETS_DIR } from '../../model/conventions.js';
import type { CheckResult } from '../../report/checks.js';
import { skipped, timed } from '../../report/checks.js';
import { fail, needs, pass, type VerifyContext } from '../context.js';
import { alertmanagerFlagsDiff } from '../drift/alertmanager-flags.js';
import { alertmanagerConfigDiff, prometheusConfigDiff, prometheusFlagsDiff, rulesDiff } from '../drift/live.js';

type Json = Record<string, unknown>;
const generated = (ctx: VerifyContext, path: string) => ctx.artifacts.find((a) => a.path === path)?.content;
const report = (lines: string[], limit = 40) =>
  `drift (run \`mon deploy\`):\n${lines.slice(0, limit).join('\n')}${lines.length > limit ? `\n... and ${lines.length - limit} more` : ''}`;

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
    for (const path of on.keys())
      if (!want.has(path) && !path.startsWith(`${SECRETS_DIR}/`)) lines.push(`extra     ${path}`);
    return lines.length
      ? fail(`${lines.length} files differ from the spec (run \`mon deploy\` to apply it):\n${lines.join('\n')}`)
      : pass(`${want.size} files as generated`);
  });
}

/**
 * The live Prometheus config (as Prometheus prints it back, defaults filled) against the
 * generated one with Prometheus's defaults filled in: every key, list and label, in full.
 */
const prometheusDrift = (ctx: VerifyContext) =>
  needs(ctx, 'prometheus', 'drift.prometheus', 'live Prometheus config equals the generated one', async (url) => {
    const text = generated(ctx, files.prometheusConfig)!;
    // the directory Prometheus resolves the config's relative paths against, when the stack is here
    const base = ctx.stackDir
      ? posix.dirname(ctx.target.layout('prometheus', ctx.stackDir).config(files.prometheusConfig))
      : undefined;
    const r = await prometheusConfigDiff(url, text, base, ctx.endpoints.auth);
    if (!r.diff) return fail(r.why!);
    const gen = parseYaml(text) as Json;
    const jobs = ((gen.scrape_configs as Json[] | undefined) ?? []).length;
    return r.diff.length
      ? fail(report(r.diff))
      : pass(
          `${jobs} jobs, their targets, labels and settings, and ${((gen.rule_files as unknown[]) ?? []).length} rule files as generated`,
        );
  });

/** The rules Prometheus evaluates, against the generated ones: expression, `for`, labels, annotations. */
const rulesDrift = (ctx: VerifyContext) =>
  needs(
    ctx,
    'prometheus',
    'drift.rules',
    'live rules equal the generated ones (expression, for, labels, annotations)',
    async (url) => {
      const r = await rulesDiff(url, ctx.model, ctx.endpoints.auth);
      if (!r.diff) return fail(r.why!);
      return r.diff.length ? fail(report(r.diff)) : pass(`${r.rules} rules as generated`);
    },
  );

/** Alertmanager runs exactly the generated file (its config hash); the printed config says where not. */
const alertmanagerDrift = (ctx: VerifyContext) =>
  needs(ctx, 'alertmanager', 'drift.alertmanager', 'live Alertmanager config equals the generated one', async (url) => {
    const r = await alertmanagerConfigDiff(url, generated(ctx, files.alertmanagerConfig)!, ctx.endpoints.auth);
    if (!r.diff) return fail(r.why!);
    return r.diff.length
      ? fail(report(r.diff))
      : pass(`runs the generated alertmanager.yml (alertmanager_config_hash ${r.hash})`);
  });

/** Prometheus's command-line flags (/api/v1/status/flags) against the ones mon starts it with. */
const flagsDrift = (ctx: VerifyContext) =>
  needs(ctx, 'prometheus', 'drift.flags', 'Prometheus runs with the flags mon gives it', async (url) => {
    const flags = component('prometheus').flags(ctx.model, ctx.target.layout('prometheus', ctx.stackDir ?? '.'));
    const r = await prometheusFlagsDiff(url, flags, { paths: !!ctx.stackDir, auth: ctx.endpoints.auth });
    if (!r.diff) return fail(r.why!);
    return r.diff.length ? fail(report(r.diff)) : pass(`${flags.length} flags as generated`);
  });

/** Alertmanager's runtime flags: its API has none; read from its process or its cluster status (alertmanager-flags.ts). */
const alertmanagerFlags = (ctx: VerifyContext) =>
  needs(
    ctx,
    'alertmanager',
    'drift.alertmanager.flags',
    'Alertmanager runs with the flags mon gives it',
    async (url) => {
      const flags = component('alertmanager').flags(ctx.model, ctx.target.layout('alertmanager', ctx.stackDir ?? '.'));
      const pid = ctx.state?.components.alertmanager?.pid;
      const r = await alertmanagerFlagsDiff(url, flags, { pid, paths: !!ctx.stackDir, auth: ctx.endpoints.auth });
      if (!r.diff) return fail(r.why!);
      return r.diff.length
        ? fail(report([`read from ${r.source}:`, ...r.diff]))
        : pass(`flags as generated (read from ${r.source})`);
    },
  );

export async function driftChecks(ctx: VerifyContext): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  if (ctx.configDir) out.push(await filesDrift(ctx));
  if (ctx.model.target === 'kubernetes') {
    // prometheus-operator renders Prometheus's config and flags, and re-renders alertmanager.yml, from the resources
    const why = 'prometheus-operator renders it from the resources on Kubernetes: `mon diff --live` compares those';
    out.push(
      skipped('drift.prometheus', 'live Prometheus config equals the generated one', why),
      await rulesDrift(ctx),
    );
    out.push(skipped('drift.flags', 'Prometheus runs with the flags mon gives it', why));
    if (ctx.model.alertmanager.enabled)
      out.push(skipped('drift.alertmanager', 'live Alertmanager config equals the generated one', why));
    return out;
  }
  out.push(await prometheusDrift(ctx), await rulesDrift(ctx), await flagsDrift(ctx));
  if (ctx.model.alertmanager.enabled) out.push(await alertmanagerDrift(ctx), await alertmanagerFlags(ctx));
  return out;
}
