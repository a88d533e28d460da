import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

/**
 * The real-world rule corpus of scripts/fetch-rule-corpus.sh: public Prometheus rule files
 * (Apache-2.0) taken from Go modules at install time, never committed. Missing: the test that
 * needs it fails, saying what to run.
 */
export function corpusDir(): string {
  const dir = process.env.MON_RULE_CORPUS ?? join(homedir(), '.cache', 'mon', 'rule-corpus');
  if (!existsSync(join(dir, '.complete')) || !existsSync(join(dir, 'SOURCES.tsv')))
    throw new Error(`the rule corpus is missing at ${dir}: run \`bash scripts/fetch-rule-corpus.sh\``);
  return dir;
}

export interface CorpusRule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  keep_firing_for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
export interface CorpusGroup {
  name: string;
  interval?: string;
  limit?: number;
  query_offset?: string;
  rules: CorpusRule[];
}
export interface CorpusFile {
  /** <source>/<file>, as in SOURCES.tsv */
  name: string;
  path: string;
  groups: CorpusGroup[];
  /** group keys of other rule engines (vmalert's concurrency, ...) that Prometheus does not read, left out */
  dropped: string[];
}

const GROUP_KEYS = new Set(['name', 'interval', 'limit', 'query_offset', 'rules', 'labels']);

/** Every rule file of the corpus (a file with `groups:`), its groups as Prometheus reads them. */
export const unreadable: Array<{ name: string; reason: string }> = [];

export function corpusRuleFiles(): CorpusFile[] {
  unreadable.length = 0;
  const dir = corpusDir();
  const rows = readFileSync(join(dir, 'SOURCES.tsv'), 'utf8').trim().split('\n').slice(1);
  const out: CorpusFile[] = [];
  for (const row of rows) {
    const name = row.split('\t')[0]!;
    const path = join(dir, name);
    let doc: { groups?: Array<Record<string, unknown>> } | null;
    try {
      doc = parse(readFileSync(path, 'utf8')) as typeof doc;
    } catch (e) {
      // Go's YAML decoder takes a quoted scalar continued at its key's indentation; the yaml package
      // (YAML 1.2, as mon reads a spec) does not: such a file is counted and named, not used
      unreadable.push({ name, reason: (e as Error).message.split('\n')[0]! });
      continue;
    }
    if (!doc || !Array.isArray(doc.groups)) continue;
    const dropped = new Set<string>();
    const groups = doc.groups.map((g) => {
      for (const k of Object.keys(g)) if (!GROUP_KEYS.has(k)) dropped.add(k);
      const { name: gname, interval, limit, query_offset, rules } = g as unknown as CorpusGroup;
      return { name: gname, interval, limit, query_offset, rules } as CorpusGroup;
    });
    out.push({ name, path, groups, dropped: [...dropped] });
  }
  return out;
}

/** A rule file of the groups as Prometheus reads them (the oracle's input). */
export const ruleFileText = (groups: CorpusGroup[]) =>
  stringify({ groups: groups.map((g) => Object.fromEntries(Object.entries(g).filter(([, v]) => v !== undefined))) });

/** One group of a rule file as a group of mon's `alerts.groups` (the spec's names for Prometheus's keys). */
export function specGroup(g: CorpusGroup): Record<string, unknown> {
  const out: Record<string, unknown> = { name: g.name };
  if (g.interval !== undefined) out.interval = g.interval;
  if (g.limit !== undefined) out.limit = g.limit;
  if (g.query_offset !== undefined) out.queryOffset = g.query_offset;
  out.rules = g.rules.map((r) => {
    const rule: Record<string, unknown> = r.alert !== undefined ? { alert: r.alert } : { record: r.record };
    rule.expr = r.expr;
    if (r.for !== undefined) rule.for = r.for;
    if (r.keep_firing_for !== undefined) rule.keepFiringFor = r.keep_firing_for;
    if (r.labels !== undefined) rule.labels = r.labels;
    if (r.annotations !== undefined) rule.annotations = r.annotations;
    // the corpus's rules have no tests in the spec: the warning is acknowledged by the test, not here
    return rule;
  });
  return out;
}

/** A spec that carries the given groups (one scrape job, so Prometheus's config is complete). */
export function specWithGroups(groups: Array<Record<string, unknown>>, project = 'corpus'): string {
  return stringify(
    {
      apiVersion: 'mon/v1',
      project,
      services: [{ name: 'app', targets: ['127.0.0.1:9999'] }],
      alerts: { groups },
    },
    { lineWidth: 0 },
  );
}

/** `promtool check rules` on each rule file text, in one run per 200 files: ok, or promtool's words. */
export function promtoolCheckTexts(bin: string, texts: string[]): Array<{ ok: boolean; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'mon-corpus-oracle-'));
  try {
    const files = texts.map((t, i) => {
      const f = join(dir, `f${i}.yml`);
      writeFileSync(f, t);
      return f;
    });
    const out: Array<{ ok: boolean; output: string }> = [];
    for (let i = 0; i < files.length; i += 200) {
      const chunk = files.slice(i, i + 200);
      const r = spawnSync(bin, ['check', 'rules', ...chunk], { encoding: 'utf8' });
      const text = `${r.stdout}\n${r.stderr}`;
      for (const f of chunk) {
        const section = text.split('Checking ').find((s) => s.startsWith(`${f}\n`));
        if (section === undefined) throw new Error(`promtool said nothing about ${f}:\n${text}`);
        out.push({
          ok: section.includes('SUCCESS'),
          output: text
            .split('\n')
            .filter((l) => l.includes(f))
            .join('\n'),
        });
      }
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
