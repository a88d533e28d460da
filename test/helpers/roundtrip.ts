import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMap, isPair, isScalar, isSeq, type Node, parse, parseAllDocuments, Scalar, visit } from 'yaml';
import { compareConfigs, type ConfigSet, formatDifference } from '../../src/compare/configs.js';
import { importConfigs, type ImportResult } from '../../src/import/index.js';
import { files } from '../../src/model/conventions.js';
import { prepare } from '../../src/pipeline.js';

type Json = Record<string, unknown>;

/** The input files as a config set, by what import recognised each as. */
export async function inputSet(r: ImportResult): Promise<ConfigSet> {
  const set: ConfigSet = { rules: [] };
  for (const i of r.inputs) {
    const text = await readFile(i.file, 'utf8');
    if (i.kind === 'prometheus') set.prometheus = parse(text) as Json;
    if (i.kind === 'alertmanager') set.alertmanager = parse(text) as Json;
    if (i.kind === 'rules') {
      const { parseAllDocuments } = await import('yaml');
      for (const d of parseAllDocuments(text)) set.rules!.push(d.toJS() as Json);
    }
    if (i.kind === 'prometheusrule') {
      const { parseAllDocuments } = await import('yaml');
      for (const d of parseAllDocuments(text)) {
        const o = d.toJS() as Json;
        const items = o?.kind === 'List' ? (o.items as Json[]) : [o];
        for (const pr of items) if (pr?.kind === 'PrometheusRule') set.rules!.push((pr.spec ?? {}) as Json);
      }
    }
  }
  return set;
}

/**
 * Imports `inputs`, generates the imported spec with mon's real pipeline and compares the
 * generated files with the inputs semantically. Returns the differences as lines.
 */
export async function roundTrip(
  inputs: string[],
): Promise<{ result: ImportResult; differences: string[]; generated: ConfigSet; exact: GroupCheck }> {
  const result = await importConfigs(inputs);
  const dir = await mkdtemp(join(tmpdir(), 'mon-roundtrip-'));
  try {
    const spec = join(dir, 'monitoring.yaml');
    await writeFile(spec, result.yaml);
    const p = await prepare(spec, 'local');
    const content = (path: string) => p.artifacts.find((a) => a.path === path)?.content;
    const generated: ConfigSet = {
      prometheus: result.inputs.some((i) => i.kind === 'prometheus')
        ? (parse(content(files.prometheusConfig)!) as Json)
        : undefined,
      alertmanager: result.inputs.some((i) => i.kind === 'alertmanager')
        ? (parse(content(files.alertmanagerConfig)!) as Json)
        : undefined,
      rules: p.model.ruleGroups.map((g) => parse(content(files.ruleFile(g.name))!) as Json),
    };
    const input = await inputSet(result);
    const differences = compareConfigs(
      input,
      generated,
      {
        groupName: (g) => result.groups[g] ?? g,
        ignoreJobs: result.ownJobs,
        ignorePrometheusKeys: ['alerting'],
      },
      {
        ignoreJobs: ['prometheus', 'alertmanager'],
        ignorePrometheusKeys: ['alerting', 'storage'],
        ignoreJobKeys: ['fallback_scrape_protocol'],
      },
    ).map((d) => formatDifference(d));
    const generatedGroups = p.model.ruleGroups.flatMap((g) => prometheusGroups(content(files.ruleFile(g.name))!));
    return { result, differences, generated, exact: await exactGroups(result, generatedGroups) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The note of the import that accounts for a difference of the round trip, if any: a job, a
 * receiver, a key or a rule the import said it left out or adapted.
 */
export function explainedBy(difference: string, result: ImportResult): string | undefined {
  const path = difference.slice(0, difference.indexOf(': '));
  const notes = result.notes;
  const find = (pred: (at: string, message: string) => boolean) => notes.find((n) => pred(n.at, n.message));
  let m: RegExpExecArray | null;
  const hit = (() => {
    if ((m = /^prometheus\.jobs\.([^.]+)/.exec(path)))
      return find((at) => at.startsWith(`scrape_configs[job=${m![1]}]`));
    if ((m = /^prometheus\.global\.([^.]+)/.exec(path))) return find((at) => at === `global.${m![1]}`);
    if ((m = /^prometheus\.other\.([^.]+)/.exec(path))) return find((at) => at === m![1]);
    if (path === 'prometheus.other') {
      // the whole section only one side has: each of its keys must have been reported
      const keys = Object.keys(
        JSON.parse(
          difference.slice(difference.indexOf(': input ') + 8, difference.lastIndexOf(', generated')),
        ) as object,
      );
      const each = keys.map((k) => find((at) => at === k));
      return each.every(Boolean) ? each[0] : undefined;
    }
    if ((m = /^alertmanager\.receivers\.([^.]+)/.exec(path))) return find((at) => at.startsWith(`receivers[${m![1]}]`));
    if ((m = /^alertmanager\.route/.exec(path))) return find((at) => at.startsWith('route'));
    if ((m = /^alertmanager\.([^.]+)/.exec(path))) return find((at) => at === m![1] || at === `global.${m![1]}`);
    if ((m = /^rules\.group (.+)$/.exec(path))) {
      const raw = Object.entries(result.groups).find(([, v]) => v === m![1])?.[0];
      return find((at) => raw !== undefined && at.includes(`[${raw}]`) && /\.(labels|[a-z_]+)$/.test(at));
    }
    // a whole rule only the input has: one the import left out, saying why
    if ((m = /^rules\.[^/]+\/(?:alert|record):([^#]+?)(?:#\d+)?$/.exec(path)))
      return find((at, msg) => at.endsWith(`rules[${m![1]}]`) && msg.includes('left out'));
    return undefined;
  })();
  return hit ? `${hit.kind} ${hit.at}: ${hit.message}` : undefined;
}

type Json2 = Record<string, unknown>;
/** A rule as Prometheus holds it: every field compared, in order. */
export interface PromRule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  keep_firing_for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}
export interface PromGroup {
  name: string;
  interval?: string;
  limit?: number;
  query_offset?: string;
  rules: PromRule[];
}

/** A scalar under a string field as Go's YAML decoder (gopkg.in/yaml.v3) gives it: its text as written. */
function goText(node: unknown): unknown {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'string') return node.value;
  return node.value === null ? '' : (node.source ?? String(node.value));
}
const pairsOf = (node: unknown): Array<[string, unknown]> =>
  isMap(node) ? node.items.filter(isPair).map((p) => [String((p.key as { value: unknown }).value), p.value]) : [];
const textMap = (node: unknown) => Object.fromEntries(pairsOf(node).map(([k, v]) => [k, String(goText(v))]));

/** The rule groups of a rule file's text (or of PrometheusRule manifests), read as Prometheus reads them. */
export function prometheusGroups(text: string): PromGroup[] {
  const out: PromGroup[] = [];
  for (const doc of parseAllDocuments(text, { merge: true })) {
    // libyaml (Go) gives a block scalar at the end of a file without a line break none; the yaml package one
    if (!text.endsWith('\n'))
      visit(doc, {
        Scalar(_, n) {
          if ((n.type === Scalar.BLOCK_LITERAL || n.type === Scalar.BLOCK_FOLDED) && (n.range?.[1] ?? 0) >= text.length)
            n.value = String(n.value).replace(/\n$/, '');
        },
      });
    let roots: unknown[] = [doc.contents];
    const js = doc.toJS({ maxAliasCount: 10000 }) as Json2 | null;
    if (js?.kind === 'List' || js?.kind === 'PrometheusRule') {
      const items = js.kind === 'List' ? pairsOf(doc.contents).find(([k]) => k === 'items')?.[1] : doc.contents;
      roots = (isSeq(items) ? items.items : [items])
        .filter((i) => pairsOf(i).some(([k, v]) => k === 'kind' && goText(v) === 'PrometheusRule'))
        .map((i) => pairsOf(i).find(([k]) => k === 'spec')?.[1]);
    }
    for (const root of roots) {
      const groups = pairsOf(root).find(([k]) => k === 'groups')?.[1];
      for (const g of isSeq(groups) ? groups.items : []) {
        const gf = new Map(pairsOf(g));
        const group: PromGroup = { name: String(goText(gf.get('name'))), rules: [] };
        if (gf.has('interval')) group.interval = String(goText(gf.get('interval')));
        if (gf.has('limit')) group.limit = Number(goText(gf.get('limit')));
        if (gf.has('query_offset')) group.query_offset = String(goText(gf.get('query_offset')));
        const rules = gf.get('rules');
        for (const r of isSeq(rules) ? rules.items : []) {
          const rf = new Map(pairsOf(r as Node));
          const rule: PromRule = {
            expr: String(goText(rf.get('expr'))).trim(),
            labels: textMap(rf.get('labels')),
            annotations: textMap(rf.get('annotations')),
          };
          if (rf.has('alert')) rule.alert = String(goText(rf.get('alert')));
          if (rf.has('record')) rule.record = String(goText(rf.get('record')));
          if (rf.has('for')) rule.for = String(goText(rf.get('for')));
          if (rf.has('keep_firing_for')) rule.keep_firing_for = String(goText(rf.get('keep_firing_for')));
          group.rules.push(rule);
        }
        out.push(group);
      }
    }
  }
  return out;
}

export interface GroupCheck {
  /** input groups and rules */
  groups: number;
  rules: number;
  /** rules equal in every field, in their place */
  exactRules: number;
  /** rules the import reported as left out (mon's spec refuses them) */
  leftOut: number;
  /** what differs: group name, then field */
  differences: string[];
}

/**
 * The input's rule groups against the generated ones, exactly: the same groups in the same order
 * (name, interval, limit, query_offset), each with the same rules in the same order (alert or
 * record, expr, for, keep_firing_for, labels, annotations). Durations and label texts as written.
 */
export async function exactGroups(result: ImportResult, generated: PromGroup[]): Promise<GroupCheck> {
  const input: PromGroup[] = [];
  for (const i of result.inputs)
    if (i.kind === 'rules' || i.kind === 'prometheusrule')
      input.push(...prometheusGroups(await readFile(i.file, 'utf8')));
  const check: GroupCheck = { groups: input.length, rules: 0, exactRules: 0, leftOut: 0, differences: [] };
  const byName = new Map(generated.map((g) => [g.name, g]));
  const used = new Set<string>();
  const text = (r: PromRule | undefined) => JSON.stringify(r && sortRule(r));
  for (const g of input) {
    check.rules += g.rules.length;
    // an input group renamed because another had its file: the renamed one
    let name = g.name;
    for (let n = 2; used.has(name); n++) name = `${g.name}-${n}`;
    used.add(name);
    const out = byName.get(name);
    if (!out) {
      check.differences.push(`group ${g.name}: not generated`);
      continue;
    }
    for (const k of ['interval', 'limit', 'query_offset'] as const)
      if (g[k] !== out[k])
        check.differences.push(
          `group ${g.name}.${k}: input ${JSON.stringify(g[k])}, generated ${JSON.stringify(out[k])}`,
        );
    // the rules the import reported as left out of this group (mon's spec refused them), by name
    const leftOut = result.notes.filter(
      (n) => n.kind === 'unmapped' && n.at.includes(`[${g.name}].rules[`) && n.message.includes('left out'),
    );
    let j = 0;
    for (const [i, a] of g.rules.entries()) {
      const b = out.rules[j];
      if (text(a) === text(b)) {
        check.exactRules++;
        j++;
        continue;
      }
      const note = leftOut.findIndex((n) => n.at.endsWith(`[${g.name}].rules[${a.alert ?? a.record}]`));
      if (note >= 0) {
        leftOut.splice(note, 1);
        check.leftOut++;
        continue;
      }
      check.differences.push(`group ${g.name}.rules[${i}]: input ${text(a)}, generated ${text(b)}`);
      j++;
    }
    for (; j < out.rules.length; j++)
      check.differences.push(`group ${g.name}: generated ${text(out.rules[j])}, input absent`);
  }
  return check;
}
const sorted = (o: Record<string, string>) =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
const sortRule = (r: PromRule) => ({ ...r, labels: sorted(r.labels), annotations: sorted(r.annotations) });
