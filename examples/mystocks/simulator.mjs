#!/usr/bin/env node
// SIMULATOR: a small stand-in for the MyStocks backend, so that the example stack has something
// to scrape. It is NOT the real application. It serves the seed documents' metric names (Python
// process and GC metrics, mystocks_* HTTP, database, cache, health and data-source metrics) with
// values inside every alert threshold, and, when Tempo answers, sends a few OTLP spans.
//
//   node examples/mystocks/simulator.mjs [--port 8000] [--otlp URL] [--omit family,...] [--detach | --stop | --help]
//
// --omit (or MON_SIMULATOR_OMIT) leaves those metric families out of /metrics, to see what a
// missing family does to rules and dashboards.
// --detach starts it in the background (pid in .mon/simulator.pid, output in .mon/simulator.log)
// and returns once it listens, or fails (exit 1) if it cannot; --stop stops that one.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';

const USAGE = `usage: node examples/mystocks/simulator.mjs [--port 8000] [--otlp URL] [--omit family,...] [--detach | --stop | --help]

A stand-in for the MyStocks backend (not the real application): serves its metrics on
http://127.0.0.1:PORT/metrics and, when Tempo listens, sends OTLP spans to --otlp
(default http://127.0.0.1:14318/v1/traces).

  --port N    listen port (default 8000)
  --otlp URL  where to send spans
  --omit F,.. leave these metric families out of /metrics (also MON_SIMULATOR_OMIT)
  --detach    run in the background (pid in .mon/simulator.pid, output in .mon/simulator.log);
              returns once it listens, exit 1 if it cannot (e.g. the port is taken)
  --stop      stop the background simulator
  --help      this text
`;
const FLAGS = new Set(['--detach', '--stop', '--help', '-h']);
const VALUED = new Set(['--port', '--otlp', '--omit']);
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (VALUED.has(argv[i]) && argv[i + 1] !== undefined) i++;
  else if (!FLAGS.has(argv[i])) {
    process.stderr.write(`simulator: unknown or incomplete option ${JSON.stringify(argv[i])}\n\n${USAGE}`);
    process.exit(2);
  }
}
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const arg = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const port = Number(arg('--port', '8000'));
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  process.stderr.write(`simulator: --port must be a port number (1 to 65535), got ${JSON.stringify(arg('--port'))}\n`);
  process.exit(2);
}
const otlp = arg('--otlp', 'http://127.0.0.1:14318/v1/traces');
const PID_FILE = '.mon/simulator.pid';
const omit = new Set((arg('--omit', process.env.MON_SIMULATOR_OMIT ?? '') ?? '').split(',').filter(Boolean));
/** The family of an exposition line (`# HELP x`, `# TYPE x`, `x_bucket{...}` -> x). */
const familyOf = (line) => {
  const name = (line.startsWith('# ') ? line.split(' ')[2] : line.split(/[{ ]/)[0]) ?? '';
  return omit.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
};
const LOG_FILE = '.mon/simulator.log';

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
  console.log(pid ? `simulator ${pid} stopped` : 'no simulator running');
  process.exit(0);
}
if (process.argv.includes('--detach')) {
  const pid = running();
  if (pid) {
    console.log(`simulator already running (pid ${pid})`);
    process.exit(0);
  }
  const args = process.argv.slice(1).filter((a) => a !== '--detach');
  mkdirSync('.mon', { recursive: true });
  const log = openSync(LOG_FILE, 'w');
  // The child says "listening" over IPC once its server is up; if it exits first, it failed.
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', log, log, 'ipc'] });
  closeSync(log);
  const outcome = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ ok: false, why: 'it did not start listening within 10 s' }), 10_000);
    child.once('message', (m) => m === 'listening' && (clearTimeout(timer), resolve({ ok: true })));
    child.once(
      'exit',
      (code, signal) => (clearTimeout(timer), resolve({ ok: false, why: `it exited (${signal ?? `code ${code}`})` })),
    );
  });
  if (!outcome.ok) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    let tail = '';
    try {
      tail = readFileSync(LOG_FILE, 'utf8').trim().split('\n').slice(-5).join('\n');
    } catch {}
    process.stderr.write(`simulator: failed to start on 127.0.0.1:${port}: ${outcome.why}${tail ? `\n${tail}` : ''}\n`);
    process.exit(1);
  }
  child.disconnect();
  child.unref();
  writeFileSync(PID_FILE, String(child.pid));
  console.log(
    `MyStocks simulator on http://127.0.0.1:${port}/metrics (pid ${child.pid}; stop: node examples/mystocks/simulator.mjs --stop)`,
  );
  process.exit(0);
}

// Counters grow at steady rates from the start; gauges stay in their healthy ranges.
const started = Date.now();
const t = () => (Date.now() - started) / 1000;
const endpoints = ['/api/market/quotes', '/api/stocks/search', '/api/health'];

function exposition() {
  const s = t();
  const rss = process.memoryUsage().rss;
  const cpu = process.cpuUsage();
  const lines = [
    '# SIMULATOR: stand-in for the MyStocks backend, not the real application',
    '# HELP process_resident_memory_bytes Resident memory size in bytes.',
    '# TYPE process_resident_memory_bytes gauge',
    `process_resident_memory_bytes ${rss}`,
    '# HELP process_virtual_memory_bytes Virtual memory size in bytes.',
    '# TYPE process_virtual_memory_bytes gauge',
    `process_virtual_memory_bytes ${rss * 3}`,
    '# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.',
    '# TYPE process_cpu_seconds_total counter',
    `process_cpu_seconds_total ${(cpu.user + cpu.system) / 1e6}`,
    '# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.',
    '# TYPE process_start_time_seconds gauge',
    `process_start_time_seconds ${Math.floor(started / 1000)}`,
    '# HELP python_gc_objects_collected_total Objects collected during gc',
    '# TYPE python_gc_objects_collected_total counter',
    ...[0, 1, 2].map((g) => `python_gc_objects_collected_total{generation="${g}"} ${Math.floor(s * (30 >> g))}`),
    '# HELP python_gc_objects_uncollectable_total Uncollectable objects found during GC',
    '# TYPE python_gc_objects_uncollectable_total counter',
    ...[0, 1, 2].map((g) => `python_gc_objects_uncollectable_total{generation="${g}"} 0`),
    '# HELP python_gc_collections_total Number of times this generation was collected',
    '# TYPE python_gc_collections_total counter',
    ...[0, 1, 2].map((g) => `python_gc_collections_total{generation="${g}"} ${Math.floor(s * (2 / (g + 1)))}`),
    '# HELP python_info Python platform information',
    '# TYPE python_info gauge',
    'python_info{implementation="CPython",major="3",minor="12",patchlevel="11",version="3.12.11"} 1',
    '# HELP mystocks_http_requests_total HTTP requests.',
    '# TYPE mystocks_http_requests_total counter',
  ];
  for (const e of endpoints) {
    lines.push(`mystocks_http_requests_total{endpoint="${e}",method="GET",status="200"} ${Math.floor(s * 5)}`);
    lines.push(`mystocks_http_requests_total{endpoint="${e}",method="GET",status="404"} ${Math.floor(s * 0.05)}`);
    lines.push(`mystocks_http_requests_total{endpoint="${e}",method="GET",status="500"} ${Math.floor(s * 0.02)}`);
  }
  lines.push(
    '# HELP mystocks_http_request_duration_seconds HTTP request duration.',
    '# TYPE mystocks_http_request_duration_seconds histogram',
  );
  const n = Math.floor(s * 15);
  const buckets = [
    ['0.05', 0.6],
    ['0.1', 0.85],
    ['0.5', 0.99],
    ['1', 1],
    ['+Inf', 1],
  ];
  for (const [le, share] of buckets)
    lines.push(`mystocks_http_request_duration_seconds_bucket{le="${le}"} ${Math.floor(n * share)}`);
  lines.push(
    `mystocks_http_request_duration_seconds_sum ${(n * 0.06).toFixed(3)}`,
    `mystocks_http_request_duration_seconds_count ${n}`,
  );
  lines.push(
    '# HELP mystocks_http_requests_in_progress Requests in flight.',
    '# TYPE mystocks_http_requests_in_progress gauge',
    `mystocks_http_requests_in_progress ${1 + (Math.floor(s) % 3)}`,
  );
  lines.push(
    '# HELP mystocks_db_connections_active Active database connections.',
    '# TYPE mystocks_db_connections_active gauge',
    'mystocks_db_connections_active{database="postgresql"} 3',
  );
  lines.push(
    '# HELP mystocks_db_connections_idle Idle database connections.',
    '# TYPE mystocks_db_connections_idle gauge',
    'mystocks_db_connections_idle{database="postgresql"} 7',
  );
  lines.push(
    '# HELP mystocks_db_query_duration_seconds Query duration.',
    '# TYPE mystocks_db_query_duration_seconds histogram',
  );
  const q = Math.floor(s * 8);
  for (const [le, share] of [
    ['0.1', 0.9],
    ['1', 0.99],
    ['5', 1],
    ['+Inf', 1],
  ])
    lines.push(`mystocks_db_query_duration_seconds_bucket{operation="select",le="${le}"} ${Math.floor(q * share)}`);
  lines.push(
    `mystocks_db_query_duration_seconds_sum{operation="select"} ${(q * 0.04).toFixed(3)}`,
    `mystocks_db_query_duration_seconds_count{operation="select"} ${q}`,
  );
  lines.push(
    '# HELP mystocks_cache_hits_total Cache hits.',
    '# TYPE mystocks_cache_hits_total counter',
    `mystocks_cache_hits_total{cache="redis"} ${Math.floor(s * 9)}`,
  );
  lines.push(
    '# HELP mystocks_cache_misses_total Cache misses.',
    '# TYPE mystocks_cache_misses_total counter',
    `mystocks_cache_misses_total{cache="redis"} ${Math.floor(s * 1)}`,
  );
  lines.push(
    '# HELP mystocks_api_health_status API health (1 healthy).',
    '# TYPE mystocks_api_health_status gauge',
    'mystocks_api_health_status{endpoint="/api/health"} 1',
  );
  lines.push(
    '# HELP mystocks_datasource_availability Data source availability (1 available).',
    '# TYPE mystocks_datasource_availability gauge',
  );
  for (const d of ['tdengine', 'postgresql']) lines.push(`mystocks_datasource_availability{datasource="${d}"} 1`);
  return `${lines.filter((l) => !omit.size || !omit.has(familyOf(l))).join('\n')}\n`;
}

const server = createServer((req, res) => {
  if (req.url?.startsWith('/metrics'))
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(exposition());
  else res.writeHead(404).end('MyStocks simulator: try /metrics\n');
});
server.on('error', (e) => {
  process.stderr.write(
    `simulator: cannot listen on 127.0.0.1:${port}: ${e.code === 'EADDRINUSE' ? 'the port is in use' : e.message}\n`,
  );
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => {
  console.log(`MyStocks simulator on http://127.0.0.1:${port}/metrics`);
  if (process.send) {
    process.send('listening');
    process.disconnect();
  }
});

// A request trace every 5 seconds (a server span and a database child span), when Tempo listens.
setInterval(async () => {
  const traceId = randomBytes(16).toString('hex');
  const root = randomBytes(8).toString('hex');
  const now = BigInt(Date.now()) * 1000000n;
  const span = (spanId, parentSpanId, name, kind, service, ms) => ({
    resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
    scopeSpans: [
      {
        scope: { name: 'mystocks-simulator' },
        spans: [
          {
            traceId,
            spanId,
            ...(parentSpanId ? { parentSpanId } : {}),
            name,
            kind,
            startTimeUnixNano: String(now - BigInt(ms) * 1000000n),
            endTimeUnixNano: String(now),
          },
        ],
      },
    ],
  });
  const body = {
    resourceSpans: [
      span(root, undefined, 'GET /api/market/quotes', 2, 'mystocks-backend', 40),
      span(randomBytes(8).toString('hex'), root, 'SELECT quotes', 3, 'mystocks-backend', 12),
    ],
  };
  await fetch(otlp, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(2000),
  }).catch(() => undefined);
}, 5000).unref();
