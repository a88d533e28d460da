import { parse as parseYaml } from 'yaml';
import { type AlertRule, type Model, ruleName } from '../../model/types.js';
import { getJson, http, type HttpAuth } from '../../net/http.js';
import {
  ALERTMANAGER_DEFAULTS,
  alertmanagerConfigHash,
  PROMETHEUS_DEFAULTS,
  withPrometheusDefaults,
} from './defaults.js';
import { structuralDiff } from './diff.js';
import { canonicalPromql } from './promql-canonical.js';

/**
 * What a live component runs against what the spec generates, one place for `mon verify`'s drift
 * checks and for `mon deploy`, which repairs a live-only difference (files equal, the running
 * config or flags not) by a reload or a restart. `diff` lists the differences as
 * `path: live X, generated Y`; `why` says the live side could not be read.
 */
export interface LiveDiff {
  diff?: string[];
  why?: string;
}

type Json = Record<string, unknown>;

/** The live Prometheus config (/api/v1/status/config, defaults filled) against the generated file, in full. */
export async function prometheusConfigDiff(
  url: string,
  generatedYaml: string,
  base: string | undefined,
  auth?: HttpAuth,
): Promise<LiveDiff> {
  const r = await getJson<{ data: { yaml: string } }>(`${url}/api/v1/status/config`, auth);
  if (!r.data) return { why: r.why! };
  const live = parseYaml(r.data.data.yaml) as Json;
  const gen = parseYaml(generatedYaml) as Json;
  return { diff: structuralDiff(live, withPrometheusDefaults(gen, live, base), { defaults: PROMETHEUS_DEFAULTS }) };
}

interface LiveRule {
  name: string;
  query: string;
  duration?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const sorted = (o: Record<string, string>) =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
const durationSeconds = (d: string) => {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(d);
  return m ? Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) : Number.NaN;
};

/**
 * The rules Prometheus evaluates (/api/v1/rules) against the model's: expression (canonical
 * form), `for`, labels, annotations. A group that is not loaded is left to `rules.loaded`
 * (`missing` names them).
 */
export async function rulesDiff(
  url: string,
  model: Model,
  auth?: HttpAuth,
): Promise<LiveDiff & { rules?: number; missing?: string[] }> {
  const r = await getJson<{ data: { groups: Array<{ name: string; rules: LiveRule[] }> } }>(
    `${url}/api/v1/rules`,
    auth,
  );
  if (!r.data) return { why: r.why! };
  const live = new Map(r.data.data.groups.map((g) => [g.name, g]));
  const diff: string[] = [];
  const missing: string[] = [];
  let n = 0;
  for (const g of model.ruleGroups) {
    const lg = live.get(g.name);
    if (!lg) {
      missing.push(g.name);
      continue;
    }
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
  return { diff, rules: n, missing };
}

/** Prometheus's command-line flags (/api/v1/status/flags) against the ones mon starts it with. */
export async function prometheusFlagsDiff(
  url: string,
  flags: string[],
  opts: { paths: boolean; auth?: HttpAuth },
): Promise<LiveDiff> {
  const r = await getJson<{ data: Record<string, string> }>(`${url}/api/v1/status/flags`, opts.auth);
  if (!r.data) return { why: r.why! };
  return { diff: flagDiff(flags, r.data.data, opts.paths) };
}

const show = (v: string) => (v === '' ? '(empty)' : v);

/** `--name=value` flags against a live name -> value map; paths only where the stack is here. */
export function flagDiff(flags: string[], live: Record<string, string | undefined>, paths: boolean): string[] {
  const diff: string[] = [];
  for (const f of flags) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(f);
    if (!m) continue;
    const [, name, value = 'true'] = m;
    // paths are the stack's own: the target knows them only where the stack is deployed here
    if (!paths && /\.(file|path)$/.test(name!)) continue;
    const got = live[name!];
    if (got !== value)
      diff.push(`--${name}: live ${got === undefined ? 'absent' : show(got)}, generated ${show(value)}`);
  }
  return diff;
}

/**
 * Alertmanager reports the hash of the file it loaded (alertmanager_config_hash): equal to the
 * generated file's, it runs exactly that file. When not, the printed config (/api/v2/status)
 * says where it differs (0.3x shows webhook URLs as <secret>: the hash still sees them).
 */
export async function alertmanagerConfigDiff(
  url: string,
  text: string,
  auth?: HttpAuth,
): Promise<LiveDiff & { hash?: number }> {
  const m = await http(`${url}/metrics`, { auth });
  if (!m.ok) return { why: `${url}/metrics: ${m.error ?? `HTTP ${m.status}`}` };
  const live = Number(/^alertmanager_config_hash(?:\{[^}]*\})? (\S+)$/m.exec(m.text)?.[1]);
  const want = await alertmanagerConfigHash(text);
  if (live === want) return { diff: [], hash: want };
  const s = await getJson<{ config: { original: string } }>(`${url}/api/v2/status`, auth);
  const diff = s.data
    ? structuralDiff(parseYaml(s.data.config.original), parseYaml(text), { defaults: ALERTMANAGER_DEFAULTS })
    : [];
  return {
    diff: [
      `alertmanager_config_hash is ${live}, the generated file's is ${want}: Alertmanager runs another configuration`,
      ...diff,
    ],
    hash: want,
  };
}
