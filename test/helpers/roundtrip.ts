import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { compareConfigs, type ConfigSet, formatDifference } from '../../src/compare/configs.js';
import { importConfigs, type ImportResult } from '../../src/import/index.js';
import { customRuleGroup, files } from '../../src/model/conventions.js';
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
): Promise<{ result: ImportResult; differences: string[]; generated: ConfigSet }> {
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
    const project = result.spec.project;
    const differences = compareConfigs(
      input,
      generated,
      {
        groupName: (g) => customRuleGroup(project, result.groups[g]),
        ignoreJobs: result.ownJobs,
        ignorePrometheusKeys: ['alerting'],
      },
      {
        ignoreJobs: ['prometheus', 'alertmanager'],
        ignorePrometheusKeys: ['alerting', 'storage'],
        ignoreJobKeys: ['fallback_scrape_protocol'],
      },
    ).map((d) => formatDifference(d));
    return { result, differences, generated };
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
    if ((m = /^rules\.group [^_]+_(.+)_rules$/.exec(path))) {
      const raw = Object.entries(result.groups).find(([, v]) => v === m![1])?.[0];
      return find((at) => raw !== undefined && at.includes(`[${raw}]`) && /\.(interval|limit|query_offset)$/.test(at));
    }
    if ((m = /^rules\.[^/]+\/alert:([^.#]+)(?:#\d+)?\.labels\.severity$/.exec(path)))
      return find((at, msg) => at.endsWith(`rules[${m![1]}].labels`) && msg.startsWith('no severity label'));
    // a whole rule only the input has: one the import left out, saying why
    if ((m = /^rules\.[^/]+\/(?:alert|record):([^#]+?)(?:#\d+)?$/.exec(path)))
      return find((at, msg) => at.endsWith(`rules[${m![1]}]`) && msg.includes('left out'));
    return undefined;
  })();
  return hit ? `${hit.kind} ${hit.at}: ${hit.message}` : undefined;
}
