#!/usr/bin/env node
// Starts the MyStocks backend for the quick start (`npm run mystocks`): the real instrumented
// Python app (examples/mystocks/app: prometheus_client + the OpenTelemetry SDK, reading the
// generated tracing env) when a Python with its packages is there, else the simulator
// (simulator.mjs), and says which and why. After starting the app it sends one bounded load
// (load.py, no failing requests) so that the mystocks_* series have data.
//
//   node examples/mystocks/backend.mjs [--port 8000] [--stop]
//
// Python: $MON_PYTHON, else the venv scripts/install-python-app.sh creates (~/.cache/mon/mystocks-venv).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const port = arg('--port', '8000');
const PID_FILE = '.mon/mystocks-app.pid';
const LOG_FILE = '.mon/mystocks-app.log';
const simulator = join(here, 'simulator.mjs');

const running = () => {
  try {
    const pid = Number(readFileSync(PID_FILE, 'utf8'));
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
};

if (process.argv.includes('--stop')) {
  const pid = running();
  if (pid) process.kill(pid, 'SIGTERM');
  rmSync(PID_FILE, { force: true });
  console.log(pid ? `MyStocks app ${pid} stopped` : 'no MyStocks app running');
  spawnSync(process.execPath, [simulator, '--stop'], { stdio: 'inherit' });
  process.exit(0);
}

const python = process.env.MON_PYTHON ?? join(homedir(), '.cache', 'mon', 'mystocks-venv', 'bin', 'python');
const probe = spawnSync(
  python,
  ['-c', 'import prometheus_client, opentelemetry.sdk, opentelemetry.exporter.otlp.proto.http'],
  { encoding: 'utf8' },
);
if (probe.status !== 0) {
  const why = probe.error ? `${python} not found` : `${python} lacks prometheus_client or the OpenTelemetry SDK`;
  console.log(
    `MyStocks backend: the simulator (${why}; \`bash scripts/install-python-app.sh\` installs the real app's packages)`,
  );
  const r = spawnSync(process.execPath, [simulator, '--detach', '--port', port], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const pid = running();
if (pid) {
  console.log(`MyStocks backend: the real Python app, already running (pid ${pid})`);
  process.exit(0);
}
mkdirSync('.mon', { recursive: true });
const envFile = join(here, 'generated', 'tracing', 'mystocks-backend.env');
const log = openSync(LOG_FILE, 'a');
const child = spawn(python, [join(here, 'app', 'server.py'), '--port', port, '--env-file', envFile], {
  detached: true,
  stdio: ['ignore', log, log],
});
child.unref();
writeFileSync(PID_FILE, String(child.pid));

const url = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${url}/api/health`)).ok) break;
  } catch {
    /* not yet */
  }
  if (i > 100) {
    console.error(`error: the MyStocks app did not answer on ${url} (see ${LOG_FILE})`);
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 100));
}
const load = spawnSync(
  python,
  [join(here, 'app', 'load.py'), '--url', url, '--requests', '300', '--mix', 'quotes=6,search=2,health=1'],
  { encoding: 'utf8' },
);
console.log(
  `MyStocks backend: the real Python app (examples/mystocks/app, ${python}) on ${url}/metrics, pid ${child.pid}, log ${LOG_FILE}`,
);
console.log(`  tracing from ${envFile}; first load: ${load.stdout.trim() || load.stderr.trim()}`);
console.log(
  '  more load: python examples/mystocks/app/load.py --help; stop: node examples/mystocks/backend.mjs --stop',
);
