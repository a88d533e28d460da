#!/usr/bin/env node
// SLO generation: mon against sloth v0.16.0 on the same SLOs (1 and 100 availability SLOs), each
// the median wall time of a whole process (`mon generate` writes every file and its promtool tests;
// `sloth generate` writes its rules). Run by scripts/bench.mjs; asserts nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const mon = join(root, 'bin/mon.js');
const sloth = join(process.env.MON_GO_TOOLS ?? join(homedir(), '.cache/mon/go-tools'), 'sloth-0.16.0/bin/sloth');
const runs = Number(process.env.BENCH_RUNS ?? 9);
const work = mkdtempSync(join(tmpdir(), 'mon-bench-slo-'));

function median(cmd, args) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)];
}

try {
  if (!existsSync(sloth)) {
    console.log('sloth not built (bash scripts/build-go-tools.sh sloth): skipping the SLO comparison');
    process.exit(0);
  }
  for (const n of [1, 100]) {
    const names = Array.from({ length: n }, (_, i) => `availability-${i}`);
    const monSpec = join(work, `mon-${n}.yaml`);
    writeFileSync(
      monSpec,
      `apiVersion: mon/v1\nproject: bench\nservices: [{name: api, targets: ["127.0.0.1:9"]}]\nslos:\n` +
        names
          .map(
            (name) =>
              `  - {name: ${name}, service: api, objective: 99.9, sli: {events: {good: 'http_requests_total{code!~"5.."}', total: http_requests_total}}}\n`,
          )
          .join(''),
    );
    const slothSpec = join(work, `sloth-${n}.yaml`);
    writeFileSync(
      slothSpec,
      `version: prometheus/v1\nservice: api\nslos:\n` +
        names
          .map(
            (name) =>
              `  - name: ${name}\n    objective: 99.9\n    sli: {events: {error_query: 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))', total_query: 'sum(rate(http_requests_total[{{.window}}]))'}}\n    alerting: {name: A, page_alert: {labels: {severity: page}}, ticket_alert: {labels: {severity: ticket}}}\n`,
          )
          .join(''),
    );
    const m = median(process.execPath, [mon, 'generate', '-f', monSpec, '--out', join(work, `out-${n}`)]);
    const s = median(sloth, ['generate', '--no-log', '-i', slothSpec, '-o', join(work, `sloth-out-${n}.yaml`)]);
    const label = `${n} SLO${n === 1 ? '' : 's'}`;
    console.log(`${`mon generate (${label}, rules + tests)`.padEnd(44)} ${m.toFixed(1).padStart(9)} ms`);
    console.log(
      `${`sloth generate (${label}, rules)`.padEnd(44)} ${s.toFixed(1).padStart(9)} ms  mon / sloth: ${(m / s).toFixed(2)}x`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
