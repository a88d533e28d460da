import { readdir, readFile } from 'node:fs/promises';
import { join, posix, relative } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { component } from '../components/index.js';
import { stackPaths } from '../deploy/paths.js';
import { readState, type StackState } from '../deploy/state.js';
import { ExitCode, MonError } from '../errors.js';
import { files, SECRETS_DIR } from '../model/conventions.js';
import type { Model } from '../model/types.js';
import { ruleName } from '../model/types.js';
import { getJson, http } from '../net/http.js';
import { parseDuration } from '../spec/duration.js';
import type { LiveDiff } from '../targets/live-diff.js';
import type { DeployTarget, Prepared } from '../targets/types.js';
import {
  ALERTMANAGER_DEFAULTS,
  alertmanagerConfigHash,
  PROMETHEUS_DEFAULTS,
  withPrometheusDefaults,
} from '../verify/drift/defaults.js';
import { type StructuralChange, structuralChanges } from '../verify/drift/diff.js';
import { canonicalPromql } from '../verify/drift/promql-canonical.js';
import type { Endpoints } from '../verify/endpoints.js';
import { unifiedDiff } from './unified.js';

type Json = Record<string, unknown>;

/** Resource names of the live side in `mon diff --live` (beside the stack directory's file paths). */
export const LIVE = {
  prometheusConfig: 'live/prometheus/config',
  prometheusRules: 'live/prometheus/rules',
  prometheusFlags: 'live/prometheus/flags',
  alertmanagerConfig: 'live/alertmanager/config',
} as const;

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) await walk(full);
      else out.push(relative(dir, full).split('\\').join('/'));
    }
  };
  await walk(dir);
  return out.sort();
}

/** The stack directory's active config tree against what a deploy would put there (secrets left out). */
async function stackFiles(p: Prepared, configDir: string, label: string): Promise<LiveDiff[]> {
  const deployed = (await listFiles(configDir)).filter((f) => !f.startsWith(`${SECRETS_DIR}/`));
  const want = new Map(p.artifacts.map((a) => [a.path, a.content]));
  const out: LiveDiff[] = [];
  const paths = [...new Set([...deployed, ...want.keys()])].sort();
  for (const path of paths) {
    const before = deployed.includes(path) ? await readFile(join(configDir, path), 'utf8') : undefined;
    const after = want.get(path);
    if (before === after) continue;
    const name = `${label}/${path}`;
    out.push({
      path: `config/${path}`,
      status: before === undefined ? 'added' : after === undefined ? 'removed' : 'changed',
      diff: unifiedDiff(name, name, before, after),
    });
  }
  return out;
}

const yamlOf = (v: unknown) => stringify(v, { lineWidth: 0 }).trimEnd();

/** Structural changes (the drift check's normalised comparison) as unified hunks, one per changed path. */
export function changesAsDiff(from: string, to: string, changes: readonly StructuralChange[]): string {
  if (!changes.length) return '';
  const out = [`--- ${from}`, `+++ ${to}`];
  for (const c of changes) {
    const side = (sign: string, v: unknown) =>
      v === undefined
        ? []
        : yamlOf(v)
            .split('\n')
            .map((l) => `${sign}${l}`);
    const minus = side('-', c.live);
    const plus = side('+', c.generated);
    out.push(`@@ -${minus.length ? 1 : 0},${minus.length} +${plus.length ? 1 : 0},${plus.length} @@ ${c.path}`);
    out.push(...minus, ...plus);
  }
  return `${out.join('\n')}\n`;
}

/** The live side could not be read: what was compared before (the stack's files) comes with the error. */
export class LiveDiffIncomplete extends MonError {
  constructor(
    cause: MonError,
    readonly partial: LiveDiff[],
  ) {
    super(cause.message, cause.exitCode, cause.hint);
    this.name = 'LiveDiffIncomplete';
  }
}

const unreachable = (name: string, why: string) =>
  new MonError(`cannot compare the live ${name}: ${why}`, ExitCode.invalid, 'run `mon status` to see what runs');

/** The live Prometheus config, normalised as `mon verify`'s drift.prometheus normalises it. */
async function prometheusConfigDiff(p: Prepared, url: string, ep: Endpoints, base: string): Promise<LiveDiff[]> {
  const r = await getJson<{ data: { yaml: string } }>(`${url}/api/v1/status/config`, ep.auth);
  if (!r.data) throw unreachable('Prometheus config', `${url}/api/v1/status/config: ${r.why!}`);
  const live = parseYaml(r.data.data.yaml) as Json;
  const gen = parseYaml(p.artifacts.find((a) => a.path === files.prometheusConfig)!.content) as Json;
  const changes = structuralChanges(live, withPrometheusDefaults(gen, live, base), { defaults: PROMETHEUS_DEFAULTS });
  const diff = changesAsDiff(`${LIVE.prometheusConfig} (running)`, `${files.prometheusConfig} (generated)`, changes);
  return diff ? [{ path: LIVE.prometheusConfig, status: 'changed', diff }] : [];
}

interface LiveRule {
  name: string;
  query: string;
  duration?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  type: 'alerting' | 'recording';
}
const sorted = (o: Record<string, string> = {}) =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));

/**
 * The rules Prometheus evaluates against the generated ones, both written as one rule list
 * (expressions compared in drift's canonical form: equal ones are printed as generated).
 */
async function prometheusRulesDiff(p: Prepared, url: string, ep: Endpoints): Promise<LiveDiff[]> {
  const r = await getJson<{ data: { groups: Array<{ name: string; rules: LiveRule[] }> } }>(
    `${url}/api/v1/rules`,
    ep.auth,
  );
  if (!r.data) throw unreachable('Prometheus rules', `${url}/api/v1/rules: ${r.why!}`);
  const canon = new Map<string, string>();
  const gen = p.model.ruleGroups.map((g) => ({
    name: g.name,
    rules: g.rules.map((rule) => {
      canon.set(canonicalPromql(rule.expr), rule.expr.trim());
      const forS = rule.kind === 'alert' && rule.for ? (parseDuration(rule.for) ?? 0) / 1000 : 0;
      return {
        [rule.kind === 'alert' ? 'alert' : 'record']: ruleName(rule),
        expr: rule.expr.trim(),
        ...(rule.kind === 'alert' ? { for: `${forS}s` } : {}),
        labels: sorted(rule.labels),
        ...(rule.kind === 'alert' ? { annotations: sorted(rule.annotations) } : {}),
      };
    }),
  }));
  const live = r.data.data.groups.map((g) => ({
    name: g.name,
    rules: g.rules.map((rule) => {
      const c = canonicalPromql(rule.query);
      return {
        [rule.type === 'alerting' ? 'alert' : 'record']: rule.name,
        expr: canon.get(c) ?? rule.query,
        ...(rule.type === 'alerting' ? { for: `${rule.duration ?? 0}s` } : {}),
        labels: sorted(rule.labels),
        ...(rule.type === 'alerting' ? { annotations: sorted(rule.annotations) } : {}),
      };
    }),
  }));
  const diff = unifiedDiff(
    `${LIVE.prometheusRules} (running)`,
    'prometheus/rules (generated)',
    `${yamlOf({ groups: live })}\n`,
    `${yamlOf({ groups: gen })}\n`,
  );
  return diff ? [{ path: LIVE.prometheusRules, status: 'changed', diff }] : [];
}

/** The flags Prometheus runs with, against the ones a deploy gives it (a difference restarts it). */
async function prometheusFlagsDiff(p: Prepared, url: string, ep: Endpoints, target: DeployTarget, stackDir: string) {
  const r = await getJson<{ data: Record<string, string> }>(`${url}/api/v1/status/flags`, ep.auth);
  if (!r.data) throw unreachable('Prometheus flags', `${url}/api/v1/status/flags: ${r.why!}`);
  const want: string[] = [];
  const got: string[] = [];
  for (const f of component('prometheus').flags(p.model, target.layout('prometheus', stackDir))) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(f);
    if (!m) continue;
    const [, name, value = 'true'] = m;
    want.push(`--${name}=${value}`);
    const live = r.data.data[name!];
    got.push(live === undefined ? `# --${name} absent` : `--${name}=${live}`);
  }
  const diff = unifiedDiff(
    `${LIVE.prometheusFlags} (running)`,
    'prometheus flags (generated)',
    `${got.join('\n')}\n`,
    `${want.join('\n')}\n`,
  );
  return diff ? [{ path: LIVE.prometheusFlags, status: 'changed' as const, diff }] : [];
}

/** Alertmanager runs the generated file when their config hashes agree; otherwise its printed config, compared. */
async function alertmanagerDiff(p: Prepared, url: string, ep: Endpoints): Promise<LiveDiff[]> {
  const text = p.artifacts.find((a) => a.path === files.alertmanagerConfig)!.content;
  const m = await http(`${url}/metrics`, { auth: ep.auth });
  if (!m.ok) throw unreachable('Alertmanager config', `${url}/metrics: ${m.error ?? `HTTP ${m.status}`}`);
  const live = Number(/^alertmanager_config_hash(?:\{[^}]*\})? (\S+)$/m.exec(m.text)?.[1]);
  if (live === (await alertmanagerConfigHash(text))) return [];
  const s = await getJson<{ config: { original: string } }>(`${url}/api/v2/status`, ep.auth);
  if (!s.data) throw unreachable('Alertmanager config', `${url}/api/v2/status: ${s.why!}`);
  const changes = structuralChanges(parseYaml(s.data.config.original), parseYaml(text), {
    defaults: ALERTMANAGER_DEFAULTS,
  });
  const from = `${LIVE.alertmanagerConfig} (running)`;
  const to = `${files.alertmanagerConfig} (generated)`;
  // the hash sees what the printed config hides (secrets Alertmanager prints as <secret>)
  const diff =
    changesAsDiff(from, to, changes) ||
    `--- ${from}\n+++ ${to}\n@@ -0,0 +0,0 @@ alertmanager_config_hash ${live}, generated ${await alertmanagerConfigHash(text)}: a value Alertmanager prints as <secret> differs\n`;
  return [{ path: LIVE.alertmanagerConfig, status: 'changed', diff }];
}

/**
 * `mon diff --live` for targets whose stack is on this machine (local, Compose): the stack
 * directory's config tree file by file, then the running Prometheus and Alertmanager as they
 * report their configs, compared as `mon verify`'s drift checks compare them.
 */
export async function stackLiveDiff(
  p: Prepared,
  stackDir: string,
  target: DeployTarget,
  endpoints: (model: Model, state: StackState) => Endpoints,
): Promise<LiveDiff[]> {
  const paths = stackPaths(stackDir);
  const state = await readState(paths.state);
  if (!state)
    throw new MonError(
      `nothing is deployed in ${stackDir}`,
      ExitCode.invalid,
      'run `mon deploy` first, or drop --live',
    );
  const out = await stackFiles(p, paths.config, `${stackDir}/config`);
  try {
    out.push(...(await liveConfigs(p, paths.root, target, endpoints(p.model, state))));
  } catch (e) {
    if (e instanceof MonError) throw new LiveDiffIncomplete(e, out);
    throw e;
  }
  return out;
}

/** What the running Prometheus and Alertmanager report, against the generated files. */
async function liveConfigs(p: Prepared, root: string, target: DeployTarget, ep: Endpoints): Promise<LiveDiff[]> {
  const out: LiveDiff[] = [];
  const need = (name: 'prometheus' | 'alertmanager') => {
    const url = ep.urls[name];
    if (!url) throw unreachable(`${name} config`, ep.absent[name] ?? 'not deployed');
    return url;
  };
  const prom = need('prometheus');
  const base = posix.dirname(target.layout('prometheus', root).config(files.prometheusConfig));
  out.push(
    ...(await prometheusConfigDiff(p, prom, ep, base)),
    ...(await prometheusRulesDiff(p, prom, ep)),
    ...(await prometheusFlagsDiff(p, prom, ep, target, root)),
  );
  if (p.model.alertmanager.enabled) out.push(...(await alertmanagerDiff(p, need('alertmanager'), ep)));
  return out;
}
