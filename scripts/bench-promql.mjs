#!/usr/bin/env node
// Helper of bench.mjs: type-checks every rule expression under a generated tree with mon's
// in-process PromQL gate (syntax, types, dialect, rule result type) and prints
// `<rules> <milliseconds>` (check time only, after loading).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { promqlProblems } from '../dist/promql/index.js';
import { fastRead, fastToJS } from '../dist/spec/fast-read.js';

// the rule files read as mon reads YAML (its fast reader, the yaml package for what it leaves)
const read = (text) => {
  const tree = fastRead(text);
  return tree ? fastToJS(tree) : parse(text);
};
const dir = process.argv[2];
const rules = readdirSync(dir).flatMap((f) => read(readFileSync(join(dir, f), 'utf8')).groups.flatMap((g) => g.rules));
const t = performance.now();
let bad = 0;
for (const r of rules)
  if (
    promqlProblems(r.expr, { prometheus: process.env.MON_PROMQL_VERSION ?? '3', as: r.alert ? 'alert' : 'record' })
      .length
  )
    bad++;
const ms = performance.now() - t;
if (bad) throw new Error(`${bad} expressions did not pass the PromQL gate`);
console.log(`${rules.length} ${ms.toFixed(1)}`);
