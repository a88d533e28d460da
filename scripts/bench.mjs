#!/usr/bin/env node
// Whole-process benchmarks: each figure is the median wall time of a full `node` process.
// Prints a table and the ratios the project tracks; asserts nothing.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

const root = fileURLToPath(new URL('..', import.meta.url));
const mon = join(root, 'bin/mon.js');
const work = mkdtempSync(join(tmpdir(), 'mon-bench-'));
const runs = Number(process.env.BENCH_RUNS ?? 9);

function time(args, { cwd = root, n = runs } = {}) {
  const samples = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const rows = [];
const row = (name, ms, note = '') => {
  rows.push([name, ms, note]);
  console.log(`${name.padEnd(44)} ${ms.toFixed(1).padStart(9)} ms  ${note}`);
};

try {
  console.log(`median of ${runs} runs, node ${process.version}, ${new Date().toISOString()}\n`);
  const node0 = time(['-e', '0']);
  row('node -e 0', node0);
  const version = time([mon, '--version']);
  row('mon --version', version, `${(version / node0).toFixed(2)}x node -e 0 (target <= 2x)`);
  const help = time([mon, '--help']);
  row('mon --help', help, `${(help / node0).toFixed(2)}x node -e 0`);
  const example = join(root, 'examples/mystocks/monitoring.yaml');
  row('mon generate (examples/mystocks)', time([mon, 'generate', '-f', example, '--out', join(work, 'ex')]));

  const sizes = [100, 1000, 2000];
  const gen = {};
  for (const n of sizes) {
    const spec = join(work, `synth-${n}.yaml`);
    const r = spawnSync(process.execPath, [join(root, 'scripts/synth-spec.mjs'), String(n)], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    writeFileSync(spec, r.stdout);
    gen[n] = time([mon, 'generate', '-f', spec, '--out', join(work, `out-${n}`)], { n: Math.min(runs, 5) });
    row(`mon generate (${n} services, ${2 * n + 8} rules)`, gen[n], n === 1000 ? '(target < 2000 ms)' : '');
  }
  console.log('');
  const fixed = version; // process start + CLI load, paid once whatever the size
  console.log(
    `growth 100 -> 1000 services: ${(gen[1000] / gen[100]).toFixed(2)}x wall, ${((gen[1000] - fixed) / (gen[100] - fixed)).toFixed(2)}x above start-up (linear: 10x)`,
  );
  console.log(
    `growth 1000 -> 2000 services: ${(gen[2000] / gen[1000]).toFixed(2)}x wall, ${((gen[2000] - fixed) / (gen[1000] - fixed)).toFixed(2)}x above start-up (linear: 2x)`,
  );
  const v = time([mon, 'validate', '-f', example], { n: 5 });
  row('mon validate (examples/mystocks, with promtool)', v);

  // The real-world rule corpus (scripts/fetch-rule-corpus.sh), 20 copies (2,600 rules): mon validate
  // against the raw tools on the same generated files (goal: within 1.5x).
  console.log('');
  const corpusDir = process.env.MON_RULE_CORPUS ?? join(homedir(), '.cache/mon/rule-corpus');
  const goTools = process.env.MON_GO_TOOLS ?? join(homedir(), '.cache/mon/go-tools');
  const tool3 = {
    promtool: join(goTools, 'prometheus-3.16.0/bin/promtool'),
    amtool: join(goTools, 'alertmanager-0.35.0/bin/amtool'),
  };
  if (!existsSync(join(corpusDir, '.complete')) || !existsSync(tool3.promtool) || !existsSync(tool3.amtool)) {
    console.log(
      'rule corpus or the 3.16/0.35 tools missing: run bash scripts/install-tools.sh (skipping the corpus figures)',
    );
  } else {
    const cspec = join(work, 'corpus.yaml');
    const made = spawnSync(process.execPath, [join(root, 'scripts/corpus-spec.mjs'), '20'], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    writeFileSync(cspec, made.stdout);
    const lines = { MON_PROMETHEUS_VERSION: '3.16', MON_ALERTMANAGER_VERSION: '0.35' };
    const timeAny = (bin, args, opts = {}) => {
      const samples = [];
      for (let i = 0; i < 5; i++) {
        const t = process.hrtime.bigint();
        const r = spawnSync(bin, args, {
          stdio: ['ignore', 'ignore', 'pipe'],
          env: { ...process.env, NO_COLOR: '1', ...lines },
          ...opts,
        });
        samples.push(Number(process.hrtime.bigint() - t) / 1e6);
        if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
      }
      return samples.sort((a, b) => a - b)[2];
    };
    const cout = join(work, 'corpus-out');
    spawnSync(process.execPath, [mon, 'generate', '-f', cspec, '--out', cout], {
      stdio: 'ignore',
      env: { ...process.env, ...lines },
    });
    const crules = readdirSync(join(cout, 'prometheus/rules')).map((f) => join('prometheus/rules', f));
    const validateMs = timeAny(process.execPath, [mon, 'validate', '-f', cspec]);
    const cfg = timeAny(tool3.promtool, ['check', 'config', '--syntax-only', 'prometheus/prometheus.yml'], {
      cwd: cout,
    });
    const rls = timeAny(tool3.promtool, ['check', 'rules', ...crules], { cwd: cout });
    const am = timeAny(tool3.amtool, ['check-config', 'alertmanager/alertmanager.yml'], { cwd: cout });
    const raw = cfg + rls + am;
    const first = made.stderr.trim();
    row(
      `mon validate (rule corpus x20: ${first.replace(/^.*?(\d+) rules$/, '$1')} rules)`,
      validateMs,
      `${(validateMs / raw).toFixed(2)}x the raw tools (goal <= 1.5x)`,
    );
    row('  raw: promtool check config --syntax-only', cfg, 'promtool 3.16');
    row(`  raw: promtool check rules (${crules.length} files)`, rls, 'promtool 3.16');
    row('  raw: amtool check-config', am, `amtool 0.35; sum ${raw.toFixed(0)} ms`);
  }

  // Rules: the in-process PromQL check against promtool on the same 5,000 rules.
  console.log('');
  const bigSpec = join(work, 'synth-rules.yaml');
  writeFileSync(
    bigSpec,
    spawnSync(process.execPath, [join(root, 'scripts/synth-spec.mjs'), '2496'], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    }).stdout,
  );
  const bigOut = join(work, 'out-rules');
  const big = spawnSync(process.execPath, [mon, 'generate', '-f', bigSpec, '--out', bigOut], { stdio: 'ignore' });
  if (big.status !== 0) throw new Error(`generate failed with exit code ${big.status}`);
  const rulesDir = join(bigOut, 'prometheus/rules');
  const parsed = spawnSync(process.execPath, [join(root, 'scripts/bench-promql.mjs'), rulesDir], { encoding: 'utf8' });
  if (parsed.status !== 0) throw new Error(`bench-promql failed: ${parsed.stderr}`);
  const [count, parseMs] = parsed.stdout.trim().split(' ').map(Number);
  row(
    `in-process PromQL type check (${count} rules, check only)`,
    parseMs,
    `${((parseMs * 1000) / count).toFixed(1)} us/rule`,
  );
  const inProc = time([join(root, 'scripts/bench-promql.mjs'), rulesDir], { n: 5 });
  row(`in-process PromQL check (${count} rules, whole process)`, inProc);
  const promtool3 = join(
    process.env.MON_GO_TOOLS ?? join(homedir(), '.cache/mon/go-tools'),
    'prometheus-3.16.0/bin/promtool',
  );
  for (const promtool of [
    spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).stdout.trim(),
    existsSync(promtool3) ? promtool3 : '',
  ]) {
    if (!promtool) {
      console.log('promtool not found: skipping that promtool comparison');
      continue;
    }
    const label = promtool === promtool3 ? 'promtool 3.16' : 'promtool (PATH)';
    const ruleFiles = readdirSync(rulesDir).map((f) => join(rulesDir, f));
    const samples = [];
    for (let i = 0; i < 5; i++) {
      const t = process.hrtime.bigint();
      spawnSync(promtool, ['check', 'rules', ...ruleFiles], { stdio: 'ignore' });
      samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const pt = samples.sort((a, b) => a - b)[2];
    row(
      `${label} check rules (${count} rules, whole process)`,
      pt,
      `promtool / in-process: ${(pt / inProc).toFixed(2)} whole-process, ${(pt / parseMs).toFixed(1)} against check time`,
    );
  }

  // mon test: time per rule (packs + custom rules with test blocks).
  const testSpec = join(work, 'synth-tests.yaml');
  writeFileSync(
    testSpec,
    spawnSync(process.execPath, [join(root, 'scripts/synth-spec.mjs'), '250', '--tests'], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    }).stdout,
  );
  const tested = 2 * 250 + 8;
  const tt = time([mon, 'test', '-f', testSpec], { n: 3 });
  row(`mon test (${tested} rules with tests, groups of 10)`, tt, `${(tt / tested).toFixed(1)} ms/rule`);
  const ex = time([mon, 'test', '-f', example], { n: 3 });
  row('mon test (examples/mystocks, 24 rules)', ex, `${(ex / 24).toFixed(1)} ms/rule`);
  // SLOs: mon's generation against sloth's on the same SLOs (scripts/bench-slo.mjs)
  console.log('');
  spawnSync(process.execPath, [join(root, 'scripts/bench-slo.mjs')], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_RUNS: String(Math.min(runs, 5)) },
  });
  // Deploy: time to all components ready, and a reload against a restart (local target).
  console.log('');
  const free = () =>
    new Promise((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address();
        srv.close(() => resolve(port));
      });
    });
  const ports = { p: await free(), a: await free(), n: await free() };
  const stackSpec = (cpu, retention) =>
    `apiVersion: mon/v1\nproject: bench\nprometheus: {port: ${ports.p}, retention: ${retention}}\nalertmanager: {port: ${ports.a}}\nexporters: {node: {port: ${ports.n}}}\nservices: [{name: api, runtime: python, targets: ["127.0.0.1:9"]}]\nalerts: {packs: {backend: {service: api, thresholds: {cpu: ${cpu}}}, system: {}}}\n`;
  const dspec = join(work, 'stack.yaml');
  const stack = join(work, 'stack');
  const deploy = () => {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [mon, 'deploy', '-f', dspec, '--stack-dir', stack, '--json'], {
      encoding: 'utf8',
    });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0) throw new Error(`deploy failed: ${r.stderr}`);
    return { ms, components: JSON.parse(r.stdout).components };
  };
  try {
    writeFileSync(dspec, stackSpec(0.8, '15d'));
    const first = deploy();
    row(
      'mon deploy, fresh (3 components to ready)',
      first.ms,
      first.components.map((c) => `${c.name} ${c.ms} ms`).join(', '),
    );
    const reloads = [];
    const restarts = [];
    for (let i = 0; i < 5; i++) {
      writeFileSync(dspec, stackSpec(0.5 + i / 100, '15d'));
      reloads.push(deploy().components.find((c) => c.name === 'prometheus').ms);
      writeFileSync(dspec, stackSpec(0.5 + i / 100, `${16 + i}d`)); // a flag change: restart
      restarts.push(deploy().components.find((c) => c.name === 'prometheus').ms);
    }
    const med = (a) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
    row('Prometheus reload on a rule change (median of 5)', med(reloads), '');
    row(
      'Prometheus restart on a flag change (median of 5)',
      med(restarts),
      `restart / reload: ${(med(restarts) / med(reloads)).toFixed(1)}x`,
    );
  } finally {
    spawnSync(process.execPath, [mon, 'down', '--stack-dir', stack], { stdio: 'ignore' });
  }

  // Verify on the example: its spec and intervals, moved to free ports, the simulator as backend.
  console.log('');
  const vp = { p: await free(), a: await free(), n: await free(), app: await free() };
  const example2 = readFileSync(example, 'utf8')
    .replace('prometheus:\n', `prometheus:\n  port: ${vp.p}\n`)
    .replace('alertmanager:\n', `alertmanager:\n  port: ${vp.a}\n`)
    .replace('node: {enabled: true}', `node: {enabled: true, port: ${vp.n}}`)
    .replace('127.0.0.1:8000', `127.0.0.1:${vp.app}`)
    .replace('dir: .mon/stack', `dir: ${join(work, 'vstack')}`);
  const vspec = join(work, 'monitoring.yaml');
  writeFileSync(vspec, example2);
  const sim = spawn(process.execPath, [join(root, 'examples/mystocks/simulator.mjs'), '--port', String(vp.app)], {
    stdio: 'ignore',
  });
  const timed = (args) => {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [mon, ...args, '-f', vspec], { encoding: 'utf8', maxBuffer: 1 << 24 });
    return { ms: Number(process.hrtime.bigint() - t) / 1e6, r };
  };
  try {
    const t0 = process.hrtime.bigint();
    const d = timed(['deploy']);
    if (d.r.status !== 0) throw new Error(`deploy failed: ${d.r.stderr}`);
    const w = timed(['verify', '--wait', '--timeout', '3m', '--json']);
    const green = Number(process.hrtime.bigint() - t0) / 1e6;
    row(
      'example: mon deploy to a green mon verify',
      green,
      `deploy ${d.ms.toFixed(0)} ms; verify --wait exit ${w.r.status} (scrape 15s/30s, evaluation 30s)`,
    );
    const once = [];
    for (let i = 0; i < 5; i++) once.push(timed(['verify', '--json']).ms);
    once.sort((a, b) => a - b);
    row(
      'example: mon verify (every check, one pass)',
      once[2],
      `${JSON.parse(timed(['verify', '--json']).r.stdout).checks.length} checks`,
    );
    const drill = timed(['verify', '--fire-drill', '--json']);
    const n = JSON.parse(drill.r.stdout).checks.find((c) => c.id === 'drill.notification');
    const latency = Number(/notified (\d+) ms/.exec(n.details)?.[1]);
    row(
      'example: fire drill, rule loaded to notification',
      latency,
      `floor 10000 ms (for 10s + group_wait 0s): ${(latency / 10000).toFixed(2)}x; whole drill ${drill.ms.toFixed(0)} ms`,
    );
  } finally {
    timed(['down']);
    sim.kill();
  }

  // One verify pass with 200 scrape targets (issue 12: goal <= 2 s)
  console.log('');
  await (await import('./bench-verify-targets.mjs')).default(row);
} finally {
  rmSync(work, { recursive: true, force: true });
}
