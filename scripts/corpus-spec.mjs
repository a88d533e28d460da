#!/usr/bin/env node
// Writes a monitoring.yaml whose alerts.groups are the real-world rule corpus of
// scripts/fetch-rule-corpus.sh (its rule files that Prometheus reads: other engines' group keys
// such as vmalert's concurrency left out, files the yaml package cannot read skipped), repeated
// COPIES times under numbered group names (for the benchmark), with a small routing tree by severity.
//   node scripts/corpus-spec.mjs [COPIES] > spec.yaml      (stderr: files, groups, rules)
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

const copies = Number(process.argv[2] ?? 1);
const dir = process.env.MON_RULE_CORPUS ?? join(homedir(), '.cache/mon/rule-corpus');
const rows = readFileSync(join(dir, 'SOURCES.tsv'), 'utf8').trim().split('\n').slice(1);
const skip = new Set((process.env.CORPUS_SKIP ?? 'victoriametrics/alerts-vmanomaly.yml').split(','));
const groups = [];
let files = 0;
for (const row of rows) {
  const name = row.split('\t')[0];
  if (skip.has(name)) continue;
  let doc;
  try {
    doc = parse(readFileSync(join(dir, name), 'utf8'));
  } catch {
    continue;
  }
  if (!doc || !Array.isArray(doc.groups)) continue;
  files++;
  for (const g of doc.groups) {
    const out = { name: g.name };
    if (g.interval !== undefined) out.interval = g.interval;
    if (g.limit !== undefined) out.limit = g.limit;
    if (g.query_offset !== undefined) out.queryOffset = g.query_offset;
    out.rules = g.rules.map((r) => {
      const x = r.alert !== undefined ? { alert: r.alert } : { record: r.record };
      x.expr = r.expr;
      if (r.for !== undefined) x.for = r.for;
      if (r.keep_firing_for !== undefined) x.keepFiringFor = r.keep_firing_for;
      if (r.labels) x.labels = r.labels;
      if (r.annotations) x.annotations = r.annotations;
      return x;
    });
    groups.push(out);
  }
}
const all = [];
for (let k = 0; k < copies; k++)
  for (const g of groups) all.push(k === 0 ? g : { ...g, name: `${g.name} (copy ${k})` });
const rules = all.reduce((n, g) => n + g.rules.length, 0);
process.stderr.write(`${files} files, ${all.length} groups, ${rules} rules\n`);
process.stdout.write(
  stringify(
    {
      apiVersion: 'mon/v1',
      project: 'corpus',
      services: [{ name: 'app', targets: ['127.0.0.1:9999'] }],
      alerts: { groups: all },
      notifications: {
        receivers: [
          { name: 'default', webhook: { url: 'http://127.0.0.1:9/default' } },
          { name: 'pager', webhook: { url: 'http://127.0.0.1:9/pager' } },
          { name: 'team', webhook: { url: 'http://127.0.0.1:9/team' } },
        ],
        route: {
          receiver: 'default',
          routes: [
            { matchers: ['severity="critical"'], receiver: 'pager' },
            { matchers: ['severity=~"warning|info"'], receiver: 'team' },
          ],
        },
      },
    },
    { lineWidth: 0 },
  ),
);
