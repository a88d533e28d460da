#!/usr/bin/env node
// Helper of bench.mjs: parses every rule expression under a generated tree with mon's in-process
// PromQL check and prints `<rules> <milliseconds>` (parse time only, after loading).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkPromql } from '../dist/spec/promql.js';

const dir = process.argv[2];
const exprs = readdirSync(dir).flatMap((f) => parse(readFileSync(join(dir, f), 'utf8')).groups.flatMap((g) => g.rules.map((r) => r.expr)));
const t = performance.now();
let bad = 0;
for (const e of exprs) if (checkPromql(e)) bad++;
const ms = performance.now() - t;
if (bad) throw new Error(`${bad} expressions did not parse`);
console.log(`${exprs.length} ${ms.toFixed(1)}`);
