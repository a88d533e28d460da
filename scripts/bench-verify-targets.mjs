#!/usr/bin/env node
// One `mon verify` pass on a real local stack with 200 scrape targets (goal <= 2 s): real
// Prometheus, Alertmanager and node_exporter; the targets are 200 ports of one fan-out process,
// each forwarding to one of 4 MyStocks simulators (real exposition text, 4 live sources).
// Run by scripts/bench.mjs, or alone: node scripts/bench-verify-targets.mjs. Asserts nothing.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const mon = join(root, 'bin/mon.js');
const TARGETS = 200;
const SOURCES = 4;

const free = () =>
  new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

// the fan-out: listens on n ports the kernel picks (printed as JSON once all listen), forwards
// each request to simulator (index mod sources)
const FANOUT = `
const http = require('node:http');
const [n, sources] = JSON.parse(process.argv[1]);
const ports = [];
for (let i = 0; i < n; i++) {
  const s = http.createServer((req, res) => {
    http.get({ host: '127.0.0.1', port: sources[i % sources.length], path: req.url }, (r) => {
      res.writeHead(r.statusCode, r.headers); r.pipe(res);
    }).on('error', (e) => res.writeHead(502).end(String(e)));
  });
  s.listen(0, '127.0.0.1', () => { ports[i] = s.address().port; if (ports.filter(Boolean).length === n) console.log(JSON.stringify(ports)); });
}
`;

export default async function benchVerifyTargets(
  row = (n, ms, note) => console.log(`${n.padEnd(44)} ${ms.toFixed(1).padStart(9)} ms  ${note}`),
) {
  const work = mkdtempSync(join(tmpdir(), 'mon-bench-200-'));
  const children = [];
  let p;
  const sources = [];
  for (let i = 0; i < SOURCES; i++) sources.push(await free());
  const spec = join(work, 'monitoring.yaml');
  const stack = join(work, 'stack');
  const run = (args) => {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [mon, ...args, '-f', spec, '--stack-dir', stack], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { ms: Number(process.hrtime.bigint() - t) / 1e6, r };
  };
  try {
    for (const s of sources)
      children.push(
        spawn(
          process.execPath,
          [
            join(root, 'examples/mystocks/simulator.mjs'),
            '--port',
            String(s),
            '--otlp',
            'http://127.0.0.1:1/v1/traces',
          ],
          { stdio: 'ignore' },
        ),
      );
    // the simulators listen before the fan-out and the stack take their ports
    for (const port of sources)
      for (let ok = false; !ok; await new Promise((r) => setTimeout(r, 100)))
        ok = await fetch(`http://127.0.0.1:${port}/metrics`).then(
          (r) => r.ok,
          () => false,
        );
    const fan = spawn(process.execPath, ['-e', FANOUT, JSON.stringify([TARGETS, sources])], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(fan);
    let out = '';
    const ports = await new Promise((resolve) =>
      fan.stdout.on('data', (c) => {
        out += c;
        if (out.endsWith('\n')) resolve(JSON.parse(out));
      }),
    );
    p = { p: await free(), a: await free(), n: await free() };
    writeFileSync(
      spec,
      `apiVersion: mon/v1\nproject: bench200\nprometheus: {port: ${p.p}, scrapeInterval: 5s, evaluationInterval: 5s}\nalertmanager: {port: ${p.a}}\nexporters: {node: {port: ${p.n}}}\nservices:\n  - name: mystocks-backend\n    runtime: python\n    metricPrefix: mystocks_\n    params: {format: [prometheus]}\n    targets: [${ports.map((x) => `"127.0.0.1:${x}"`).join(', ')}]\nalerts: {packs: {backend: {service: mystocks-backend}, system: {}}}\n`,
    );
    const d = run(['deploy']);
    if (d.r.status !== 0) throw new Error(`deploy failed: ${d.r.stderr}`);
    const w = run(['verify', '--wait', '--timeout', '3m', '--json']);
    const passes = [];
    const inner = [];
    let last;
    for (let i = 0; i < 5; i++) {
      last = run(['verify', '--json']);
      passes.push(last.ms);
      inner.push(JSON.parse(last.r.stdout).ms);
    }
    passes.sort((a, b) => a - b);
    inner.sort((a, b) => a - b);
    const checks = JSON.parse(last.r.stdout).checks;
    const metrics = checks.find((c) => c.id === 'metrics.mystocks-backend');
    const targets = checks.find((c) => c.id === 'targets.mystocks-backend');
    const failed = checks.filter((c) => c.status === 'fail').map((c) => c.id);
    row(
      `mon verify, one pass, ${TARGETS} scrape targets (median of 5)`,
      inner[2],
      `goal <= 2000 ms: the checks (verify's own "ms"); min ${inner[0]} max ${inner[4]}`,
    );
    row(
      `  the whole mon verify process, ${TARGETS} targets`,
      passes[2],
      `start-up, spec, checks; min ${passes[0].toFixed(0)} max ${passes[4].toFixed(0)}; ${checks.length} checks, exit ${last.r.status}${failed.length ? ` (failed: ${failed.join(', ')})` : ''}; metrics.* ${metrics?.durationMs} ms (${metrics?.details}); targets.* ${targets?.durationMs} ms; --wait to green exit ${w.r.status}`,
    );
    const sum = checks.reduce((n, c) => n + c.durationMs, 0);
    console.log(`  checks' own durations add up to ${sum} ms`);
    if (process.env.BENCH_KEEP) {
      console.log(`  kept: ${spec} ${stack}; press enter`);
      await new Promise((r) => process.stdin.once('data', r));
    }
    const slow = [...checks].sort((a, b) => b.durationMs - a.durationMs).slice(0, 5);
    console.log(`  slowest checks: ${slow.map((c) => `${c.id} ${c.durationMs} ms`).join(', ')}`);
  } finally {
    run(['down']);
    for (const c of children) c.kill();
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchVerifyTargets();
