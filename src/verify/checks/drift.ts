import { posix } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { sha256 } from '../../artifacts/manifest.js';
import { component } from '../../components/index.js';
import { treeDigest } from '../../deploy/tree.js';
import { files, SECRETS_DIR } from '../../model/conventions.js';
import { type AlertRule, ruleName } from '../../model/types.js';
import { getJson, http } from '../../net/http.js';
import type { CheckResult } from '../../report/checks.js';
import { skipped, timed } from '../../report/checks.js';
import { fail, needs, pass, type VerifyContext } from '../context.js';
import {
  ALERTMANAGER_DEFAULTS,
  alertmanagerConfigHash,
  PROMETHEUS_DEFAULTS,
  withPrometheusDefaults,
} from '../drift/defaults.js';
import { structuralDiff } from '../drift/diff.js';
import { canonicalPromql } from '../drift/promql-canonical.js';

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
    const r = await getJson<{ data: { yaml: string } }>(`${url}/api/v1/status/config`, ctx.endpoints.auth);
    if (!r.data) return fail(r.why!);
    const live = parseYaml(r.data.data.yaml) as Json;
    const gen = parseYaml(generated(ctx, files.prometheusConfig)!) as Json;
    // the directory Prometheus resolves the config's relative paths against, when the stack is here
    const base = ctx.stackDir
      ? posix.dirname(ctx.target.layout('prometheus', ctx.stackDir).config(files.prometheusConfig))
      : undefined;
    const diff = structuralDiff(live, withPrometheusDefaults(gen, live, base), { defaults: PROMETHEUS_DEFAULTS });
    const jobs = ((gen.scrape_configs as Json[] | undefined) ?? []).length;
    return diff.length
      ? fail(report(diff))
      : pass(
          `${jobs} jobs, their targets, labels and settings, and ${((gen.rule_files as unknown[]) ?? []).length} rule files as generated`,
        );
  });

interface LiveRule {
  name: string;
  query: string;
  duration?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  type: 'alerting' | 'recording';
}

/** The rules Prometheus evaluates, against the generated ones: expression, `for`, labels, annotations. */
const rulesDrift = (ctx: VerifyContext) =>
  needs(
    ctx,
    'prometheus',
    'drift.rules',
    'live rules equal the generated ones (expression, for, labels, annotations)',
    async (url) => {
      const r = await getJson<{ data: { groups: Array<{ name: string; rules: LiveRule[] }> } }>(
        `${url}/api/v1/rules`,
        ctx.endpoints.auth,
      );
      if (!r.data) return fail(r.why!);
      const live = new Map(r.data.data.groups.map((g) => [g.name, g]));
      const diff: string[] = [];
      let n = 0;
      for (const g of ctx.model.ruleGroups) {
        const lg = live.get(g.name);
        if (!lg) continue; // rules.loaded names a group that is not loaded
        g.rules.forEach((rule, i) => {
          n++;
          const l = lg.rules[i];
          const at = `${g.name}/${ruleName(rule)}`;
          if (!l || l.name !== ruleName(rule))
            return void diff.push(`${at}: live ${l ? `rule ${l.name}` : 'absent'} in its place`);
          if (canonicalPromql(l.query) !== canonicalPromql(rule.expr))
            diff.push(`${at}: expression live ${l.query}, generated ${rule.expr.trim()}`);
          const labels = { ...rule.labels };
          if (JSON.stringify(sorted(l.labels ?? {})) !== JSON.stringify(sorted(labels)))
            diff.push(
              `${at}: labels live ${JSON.stringify(sorted(l.labels ?? {}))}, generated ${JSON.stringify(sorted(labels))}`,
            );
          if (rule.kind === 'alert') {
            const a = rule as AlertRule;
            const want = a.for ? durationSeconds(a.for) : 0;
            if ((l.duration ?? 0) !== want) diff.push(`${at}: for live ${l.duration ?? 0}s, generated ${want}s`);
            if (JSON.stringify(sorted(l.annotations ?? {})) !== JSON.stringify(sorted(a.annotations)))
              diff.push(
                `${at}: annotations live ${JSON.stringify(sorted(l.annotations ?? {}))}, generated ${JSON.stringify(sorted(a.annotations))}`,
              );
          }
        });
      }
      return diff.length ? fail(report(diff)) : pass(`${n} rules as generated`);
    },
  );

const sorted = (o: Record<string, string>) =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
const durationSeconds = (d: string) => {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(d);
  return m ? Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) : Number.NaN;
};

/**
 * Alertmanager reports the hash of the file it loaded (alertmanager_config_hash): equal to the
 * generated file's, it runs exactly that file. When not, the printed config says where it differs
 * (Alertmanager 0.3x shows webhook URLs as <secret>: the hash still sees them).
 */
const alertmanagerDrift = (ctx: VerifyContext) =>
  needs(ctx, 'alertmanager', 'drift.alertmanager', 'live Alertmanager config equals the generated one', async (url) => {
    const text = generated(ctx, files.alertmanagerConfig)!;
    const m = await http(`${url}/metrics`, { auth: ctx.endpoints.auth });
    if (!m.ok) return fail(`${url}/metrics: ${m.error ?? `HTTP ${m.status}`}`);
    const live = Number(/^alertmanager_config_hash(?:\{[^}]*\})? (\S+)$/m.exec(m.text)?.[1]);
    const want = await alertmanagerConfigHash(text);
    if (live === want) return pass(`runs the generated alertmanager.yml (alertmanager_config_hash ${want})`);
    const s = await getJson<{ config: { original: string } }>(`${url}/api/v2/status`, ctx.endpoints.auth);
    const diff = s.data
      ? structuralDiff(parseYaml(s.data.config.original), parseYaml(text), { defaults: ALERTMANAGER_DEFAULTS })
      : [];
    return fail(
      report([
        `alertmanager_config_hash is ${live}, the generated file's is ${want}: Alertmanager runs another configuration`,
        ...diff,
      ]),
    );
  });

/** Prometheus's command-line flags (/api/v1/status/flags) against the ones mon starts it with. */
const flagsDrift = (ctx: VerifyContext) =>
  needs(ctx, 'prometheus', 'drift.flags', 'Prometheus runs with the flags mon gives it', async (url) => {
    const r = await getJson<{ data: Record<string, string> }>(`${url}/api/v1/status/flags`, ctx.endpoints.auth);
    if (!r.data) return fail(r.why!);
    const flags = component('prometheus').flags(ctx.model, ctx.target.layout('prometheus', ctx.stackDir ?? '.'));
    const diff: string[] = [];
    for (const f of flags) {
      const m = /^--([^=]+)(?:=(.*))?$/.exec(f);
      if (!m) continue;
      const [, name, value = 'true'] = m;
      // paths are the stack's own: the target knows them only where the stack is deployed here
      if (!ctx.stackDir && /\.(file|path)$/.test(name!)) continue;
      const got = r.data.data[name!];
      if (got !== value) diff.push(`--${name}: live ${got ?? 'absent'}, generated ${value}`);
    }
    return diff.length ? fail(report(diff)) : pass(`${flags.length} flags as generated`);
  });

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
  if (ctx.model.alertmanager.enabled) out.push(await alertmanagerDrift(ctx));
  return out;
}
