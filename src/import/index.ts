import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ExitCode, MonError } from '../errors.js';
import type { Diagnostic } from '../spec/diagnostics.js';
import { DiagnosticsError } from '../spec/diagnostics.js';
import { loadSpec } from '../spec/load.js';
import type { CustomDashboardSpec, RouteSpec, RuleGroupSpec, Spec } from '../spec/types.js';
import { importAlertmanager } from './alertmanager.js';
import { importDashboard } from './dashboards.js';
import { specYaml } from './emit.js';
import { type ImportNote, leftover, Notes, specName } from './notes.js';
import { importPrometheus } from './prometheus.js';
import { groupsAsPrometheusText, importRuleGroups, indentQuotedContinuations } from './rules.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export type InputKind = 'prometheus' | 'rules' | 'prometheusrule' | 'alertmanager' | 'dashboard';

export interface ImportInput {
  file: string;
  kind: InputKind | 'unknown';
}

export interface ImportResult {
  spec: Spec;
  yaml: string;
  inputs: ImportInput[];
  notes: ImportNote[];
  /** input rule group -> the spec's group in alerts.groups (the same name, unless another group had its file) */
  groups: Record<string, string>;
  /** input jobs that are the stack's own now */
  ownJobs: string[];
  counts: { services: number; rules: number; receivers: number; routes: number; dashboards: number };
}

/** What a parsed file is, by its content. */
export function classify(file: string, docs: unknown[]): InputKind | 'unknown' {
  const first = docs.find(isObject);
  if (!first) return 'unknown';
  if (file.endsWith('.json')) return isObject(first.dashboard) || Array.isArray(first.panels) ? 'dashboard' : 'unknown';
  if (docs.some((d) => isObject(d) && d.kind === 'PrometheusRule')) return 'prometheusrule';
  if (isObject(first) && first.kind === 'List' && Array.isArray(first.items)) {
    if (first.items.some((d) => isObject(d) && d.kind === 'PrometheusRule')) return 'prometheusrule';
  }
  if (Array.isArray(first.groups)) return 'rules';
  const PROMETHEUS_KEYS = [
    'scrape_configs',
    'scrape_config_files',
    'rule_files',
    'remote_write',
    'remote_read',
    'otlp',
    'storage',
  ];
  const GLOBAL_KEYS = ['scrape_interval', 'evaluation_interval', 'external_labels', 'scrape_timeout'];
  if (
    PROMETHEUS_KEYS.some((k) => k in first) ||
    (isObject(first.alerting) && 'alertmanagers' in first.alerting) ||
    (isObject(first.global) && GLOBAL_KEYS.some((k) => k in (first.global as Json)))
  )
    return 'prometheus';
  if ('route' in first || 'receivers' in first) return 'alertmanager';
  return 'unknown';
}

async function parseFile(file: string, asRules = false): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new MonError(
      `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : (e as Error).message}`,
      ExitCode.invalid,
      code === 'EISDIR' ? 'pass the files in it, or use `mon init --from DIR`' : 'check the path',
    );
  }
  if (file.endsWith('.json')) {
    try {
      return [JSON.parse(text)];
    } catch (e) {
      throw new MonError(`${file}: not valid JSON: ${(e as Error).message}`, ExitCode.invalid);
    }
  }
  // rule files as Prometheus reads them (gopkg.in/yaml.v3: YAML 1.2, scalars of string fields as written)
  let docs = parseAllDocuments(text, { version: asRules ? '1.2' : '1.1', merge: true });
  const unclosed = (ds: typeof docs) =>
    (Array.isArray(ds) ? ds : [ds]).some((d) => d.errors.some((e) => e.message.startsWith('Missing closing "quote')));
  if (unclosed(docs)) {
    // as Go's decoder reads a quoted scalar continued at its key's indentation
    const fixed = parseAllDocuments(indentQuotedContinuations(text), { version: asRules ? '1.2' : '1.1', merge: true });
    if ((Array.isArray(fixed) ? fixed : [fixed]).every((d) => !d.errors.length)) {
      docs = fixed;
      text = indentQuotedContinuations(text);
    }
  }
  const list = Array.isArray(docs) ? docs : [docs];
  for (const d of list)
    if (d.errors.length) {
      const err = d.errors[0]!;
      const at = err.linePos?.[0];
      const where = at ? `${file}:${at.line}:${at.col}` : file;
      throw new MonError(
        `${where}: not valid YAML: ${err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
        ExitCode.invalid,
      );
    }
  if (asRules) for (const d of list) groupsAsPrometheusText(d, text);
  return list.map((d) => d.toJS({ maxAliasCount: 10000 }) as unknown);
}

/** rule_files entries (globs of *, relative to the config's directory) that exist, as paths. */
async function ruleFilesOf(configFile: string, entries: string[]): Promise<{ found: string[]; missing: string[] }> {
  const { readdir } = await import('node:fs/promises');
  const found: string[] = [];
  const missing: string[] = [];
  for (const e of entries) {
    const path = e.startsWith('/') ? e : join(dirname(configFile), e);
    if (!path.includes('*')) {
      try {
        await readFile(path);
        found.push(path);
      } catch {
        missing.push(e);
      }
      continue;
    }
    const dir = dirname(path);
    const re = new RegExp(
      `^${basename(path)
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    let names: string[] = [];
    try {
      names = (await readdir(dir)).filter((n) => re.test(n)).sort();
    } catch {
      /* none */
    }
    if (!names.length) missing.push(e);
    found.push(...names.map((n) => join(dir, n)));
  }
  return { found, missing };
}

/** The PrometheusRule objects of a manifest (or a List of them): their spec.groups. */
const prometheusRules = (docs: unknown[]): Json[] =>
  docs
    .flatMap((d) => (isObject(d) && d.kind === 'List' && Array.isArray(d.items) ? d.items : [d]))
    .filter((d): d is Json => isObject(d) && d.kind === 'PrometheusRule');

/** The list item a spec error is about (services[3], alerts.groups[2].rules[5], ...): its list's path and index. */
const ITEM_LISTS = [
  ['services'],
  ['alerts', 'rules'],
  ['notifications', 'receivers'],
  ['notifications', 'inhibit'],
  ['notifications', 'timeIntervals'],
  ['dashboards', 'custom'],
] as const;
function itemOf(path: string | undefined): { list: Array<string | number>; index: number } | undefined {
  if (!path) return undefined;
  // a rule of a group is left out alone; anything else of a group (its name, interval...) with the group
  const rule = /^alerts\.groups\[(\d+)\]\.rules\[(\d+)\]/.exec(path);
  if (rule) return { list: ['alerts', 'groups', Number(rule[1]), 'rules'], index: Number(rule[2]) };
  const group = /^alerts\.groups\[(\d+)\]/.exec(path);
  if (group) return { list: ['alerts', 'groups'], index: Number(group[1]) };
  for (const l of ITEM_LISTS) {
    const m = new RegExp(`^${l.join('\\.')}\\[(\\d+)\\]`).exec(path);
    if (m) return { list: [...l], index: Number(m[1]) };
  }
  return undefined;
}
const listKey = (list: ReadonlyArray<string | number>) => JSON.stringify(list);

export interface ImportOptions {
  project?: string;
  /** the name the spec is written under (for its own diagnostics) */
  out?: string;
}

/**
 * Existing configs -> a spec. Each file is recognised by its content; what the spec cannot
 * say is noted (unmapped: left out; adapted: said another way, with a comment in the spec).
 * The spec is checked by mon's own loader: an item it refuses (a rule whose PromQL the gate
 * rejects, a receiver Alertmanager would refuse) is left out with the spec's message.
 */
export async function importConfigs(files: string[], opts: ImportOptions = {}): Promise<ImportResult> {
  const notes = new Notes();
  const inputs: ImportInput[] = [];
  const parsed = new Map<string, unknown[]>();
  const queue = [...files];
  const seen = new Set<string>();
  const ruleSources: Array<{ file: string; groups: unknown; where: string }> = [];
  let prom: ReturnType<typeof importPrometheus> | undefined;
  let notifications: Spec['notifications'];
  const dashboards: CustomDashboardSpec[] = [];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(resolve(file))) continue;
    seen.add(resolve(file));
    let docs = await parseFile(file);
    const kind = classify(file, docs);
    if (kind === 'rules' || kind === 'prometheusrule') docs = await parseFile(file, true);
    parsed.set(file, docs);
    inputs.push({ file, kind });
    const n = notes.scope(file);
    const first = docs.find(isObject) as Json | undefined;
    switch (kind) {
      case 'prometheus': {
        if (prom) {
          n.unmapped('', 'a second Prometheus config: the spec describes one Prometheus; left out');
          break;
        }
        prom = importPrometheus(n, first!);
        const { found, missing } = await ruleFilesOf(file, prom.ruleFiles);
        for (const m of missing)
          n.unmapped(`rule_files[${m}]`, 'no such file next to the config; pass the rule files as arguments');
        // the rule files the config names are imported too (after the files given)
        queue.push(...found);
        break;
      }
      case 'rules':
        // a rule file may hold several YAML documents, each with its groups
        for (const d of docs.filter(isObject)) {
          ruleSources.push({ file, groups: d.groups, where: 'groups' });
          leftover(n, '', d, ['groups']);
        }
        break;
      case 'prometheusrule':
        for (const pr of prometheusRules(docs)) {
          const meta = isObject(pr.metadata) ? pr.metadata : {};
          const spec = isObject(pr.spec) ? pr.spec : {};
          ruleSources.push({ file, groups: spec.groups, where: `PrometheusRule[${String(meta.name)}].spec.groups` });
        }
        break;
      case 'alertmanager':
        if (notifications) n.unmapped('', 'a second Alertmanager config: left out');
        else notifications = importAlertmanager(n, first!);
        break;
      case 'dashboard': {
        const d = importDashboard(n, first!, dashboards.length);
        if (d) dashboards.push(d);
        break;
      }
      default:
        n.unmapped('', 'not a Prometheus config, rule file, PrometheusRule, Alertmanager config or Grafana dashboard');
    }
  }
  const ruleGroups: RuleGroupSpec[] = [];
  const stems = new Map<string, string>();
  const groups: Record<string, string> = {};
  /** list (JSON of its spec path: services, alerts.groups, alerts.groups.2.rules...) -> where each item came from */
  const origins = new Map<string, Array<{ file: string; at: string; rules?: string[] }>>();
  const groupOrigins: Array<{ file: string; at: string; rules?: string[] }> = [];
  for (const src of ruleSources) {
    const r = importRuleGroups(notes.scope(src.file), src.groups, stems, ruleGroups.length, src.where);
    r.origins.forEach((o, i) => {
      origins.set(
        listKey(['alerts', 'groups', ruleGroups.length + i, 'rules']),
        o.rules.map((at) => ({ file: src.file, at })),
      );
      groupOrigins.push({ file: src.file, at: o.at, rules: o.rules });
    });
    ruleGroups.push(...r.groups);
    for (const [k, v] of r.names) if (!(k in groups)) groups[k] = v;
  }
  origins.set(listKey(['alerts', 'groups']), groupOrigins);
  const promFile = inputs.find((i) => i.kind === 'prometheus')?.file;
  if (prom && promFile)
    origins.set(
      listKey(['services']),
      prom.services.map((s) => ({ file: promFile, at: `scrape_configs[job=${s.job ?? s.name}]` })),
    );
  const amFile = inputs.find((i) => i.kind === 'alertmanager')?.file;
  if (notifications && amFile)
    origins.set(
      listKey(['notifications', 'receivers']),
      (notifications.receivers ?? []).map((r) => ({ file: amFile, at: `receivers[${r.name}]` })),
    );

  const external = prom?.prometheus.externalLabels ?? {};
  const project = specName(opts.project ?? external.project ?? external.cluster ?? 'imported');
  const spec = { apiVersion: 'mon/v1', project } as Spec;
  if (prom) spec.prometheus = prom.prometheus;
  // the stack's own node_exporter would add a job the input does not have
  spec.exporters = { node: { enabled: false } };
  spec.services = prom?.services ?? [];
  notes.comment(['exporters'], "mon's own node_exporter is off: the stack scrapes what the input scraped");
  // the groups as Prometheus has them (alerts.groups): names, interval, limit, query_offset, rules as written
  if (ruleGroups.length) spec.alerts = { groups: ruleGroups };
  if (notifications) spec.notifications = notifications;
  if (dashboards.length) {
    // dashboards need Grafana; mon's presets would add dashboards the input does not have
    spec.grafana = { adminPassword: { env: 'GRAFANA_ADMIN_PASSWORD' } };
    notes.comment(['grafana'], 'the imported dashboards need Grafana: set GRAFANA_ADMIN_PASSWORD before `mon deploy`');
    spec.dashboards = { presets: [], custom: dashboards };
  }

  const header = [
    `Imported by \`mon import\` from ${inputs.map((i) => i.file).join(', ')}.`,
    'Comments mark what was adapted; `mon import --json` lists what could not be mapped.',
  ];
  const outName = opts.out ?? 'monitoring.yaml';
  // mon's own loader has the last word: what it refuses is left out, with its message
  const refused: Array<{ d: Diagnostic; origin?: { file: string; at: string; rules?: string[] } }> = [];
  let yaml = specYaml(spec, notes.comments, header);
  for (let round = 0; round < 5; round++) {
    let errors: Diagnostic[] = [];
    try {
      loadSpec(yaml, outName);
    } catch (e) {
      if (!(e instanceof DiagnosticsError)) throw e;
      errors = e.diagnostics.filter((d) => d.severity === 'error');
    }
    if (!errors.length) break;
    const drop = new Map<string, Set<number>>();
    let keysLeftOut = 0;
    for (const d of errors) {
      // a group setting mon refuses (an interval of 0, say): that setting is left out, not the group
      const setting = /^alerts\.groups\[(\d+)\]\.(interval|limit|queryOffset)$/.exec(d.path ?? '');
      if (setting) {
        const [i, k] = [Number(setting[1]), setting[2] as 'interval' | 'limit' | 'queryOffset'];
        delete spec.alerts!.groups![i]![k];
        const origin = origins.get(listKey(['alerts', 'groups']))?.[i];
        const inputKey = k === 'queryOffset' ? 'query_offset' : k;
        refused.push({ d, origin: origin && { file: origin.file, at: `${origin.at}.${inputKey}` } });
        keysLeftOut++;
        continue;
      }
      const item = itemOf(d.path);
      if (!item) continue;
      const key = listKey(item.list);
      if (!drop.has(key)) drop.set(key, new Set());
      drop.get(key)!.add(item.index);
      refused.push({ d, origin: origins.get(key)?.[item.index] });
    }
    if (!drop.size && !keysLeftOut)
      throw new DiagnosticsError(errors, `the imported spec has errors mon import cannot leave out`);
    // a group left out whole: its rules' errors need not be undone too
    const droppedGroups = drop.get(listKey(['alerts', 'groups']));
    for (const key of drop.keys()) {
      const p = JSON.parse(key) as Array<string | number>;
      if (p[1] === 'groups' && p.length === 4 && droppedGroups?.has(p[2] as number)) drop.delete(key);
    }
    // rules before groups, so that a group's index still finds its rules
    for (const [key, idx] of [...drop].sort(([a], [b]) => b.length - a.length)) {
      const path = JSON.parse(key) as Array<string | number>;
      let parent: Json = spec as unknown as Json;
      for (const p of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[p] as Json;
      const items = parent[path[path.length - 1]!] as unknown[];
      const kept = items.filter((_, i) => !idx.has(i));
      // comments at list positions move with their items
      shiftComments(notes.comments, path, idx);
      parent[path[path.length - 1]!] = kept;
      const from = origins.get(key);
      if (from)
        origins.set(
          key,
          from.filter((_, i) => !idx.has(i)),
        );
      if (key === listKey(['alerts', 'groups'])) {
        // the rules' origins of the groups after a left-out group move up with them
        const n = items.length;
        const ruleOrigins = Array.from({ length: n }, (_, i) => origins.get(listKey([...path, i, 'rules'])));
        for (let i = 0; i < n; i++) origins.delete(listKey([...path, i, 'rules']));
        ruleOrigins
          .filter((_, i) => !idx.has(i))
          .forEach((o, i) => o && origins.set(listKey([...path, i, 'rules']), o));
      }
    }
    yaml = specYaml(spec, notes.comments, header);
  }
  // each at the place it came from in its input, when known
  for (const { d, origin } of refused)
    notes.list.push({
      kind: 'unmapped',
      file: origin?.file ?? outName,
      at: origin?.at ?? d.path ?? '',
      message: `mon's spec refuses it (${d.path}), so it was left out${origin?.rules?.length ? ` with its ${origin.rules.length} rules` : ''}: ${d.message}`,
    });
  /** every route below the root */
  const countRoutes = (r: RouteSpec | undefined): number =>
    (r?.routes ?? []).reduce((n, c) => n + 1 + countRoutes(c), 0);
  return {
    spec,
    yaml,
    inputs,
    notes: notes.list,
    groups,
    ownJobs: prom?.ownJobs ?? [],
    counts: {
      services: spec.services.length,
      rules: (spec.alerts?.groups ?? []).reduce((n, g) => n + g.rules.length, 0),
      receivers: spec.notifications?.receivers?.length ?? 0,
      routes: countRoutes(spec.notifications?.route),
      dashboards: spec.dashboards?.custom?.length ?? 0,
    },
  };
}

/** After items at `idx` of the list at `path` are removed, comments on later items move up. */
function shiftComments(comments: Map<string, string[]>, path: Array<string | number>, idx: Set<number>) {
  const moved = new Map<string, string[]>();
  for (const [key, texts] of comments) {
    const p = JSON.parse(key) as Array<string | number>;
    const under = path.every((s, i) => p[i] === s) && typeof p[path.length] === 'number';
    if (!under) {
      moved.set(key, texts);
      continue;
    }
    const i = p[path.length] as number;
    if (idx.has(i)) continue;
    const shift = [...idx].filter((j) => j < i).length;
    moved.set(JSON.stringify([...path, i - shift, ...p.slice(path.length + 1)]), texts);
  }
  comments.clear();
  for (const [k, v] of moved) comments.set(k, v);
}
