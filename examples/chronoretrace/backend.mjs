#!/usr/bin/env node
// STAND-IN: a small stand-in for ChronoRetrace's Python backend and its data-source monitor (seed
// 004), so that examples/chronoretrace has something to scrape. It is NOT the real application. It
// serves the metric names of the seed's section 6.1 (APPLICATION_METRICS) that the example's rules,
// SLOs, anomaly and capacity recordings read, plus the prometheus_client process/GC families the
// backend pack reads, all with healthy values (nothing fires):
//   api_request_total{method,endpoint,status_code}            0.2% 5xx (rule: 5%, SLO: 99.5%)
//   api_request_duration_seconds{method,endpoint,status_code} histogram, prometheus_client's default
//                                                             buckets (2.5 is the latency SLO's bound)
//   db_query_duration_seconds{query_type,table}               histogram, p95 well under 5s
//   db_connection_pool_usage{pool_name}                       0.35, flat (capacity limit 0.9)
//   cache_hit_rate{cache_type,cache_name}                     0.93 (rule: 0.8)
//   stock_data_updates_total{data_source,symbol}              on the data-source monitor's port
//
//   node examples/chronoretrace/backend.mjs [--port 8001] [--monitor-port 8002] [--detach | --stop | --help]
//
// --detach runs it in the background (pid in .mon/chronoretrace-backend.pid, output in
// .mon/chronoretrace-backend.log) and returns once both ports listen, exit 1 if it cannot (a port
// in use); --stop stops that one.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';

const USAGE = `usage: node examples/chronoretrace/backend.mjs [--port 8001] [--monitor-port 8002] [--detach | --stop | --help]

A stand-in for ChronoRetrace's backend (not the real application): its metrics on
http://127.0.0.1:PORT/metrics, the data-source monitor's on http://127.0.0.1:MONITOR-PORT/metrics.

  --port N          the backend's port (default 8001)
  --monitor-port N  the data-source monitor's port (default 8002)
  --detach          run in the background (pid in .mon/chronoretrace-backend.pid); returns once
                    both ports listen, exit 1 if it cannot (e.g. a port is taken)
  --stop            stop the background stand-in
  --help            this text
`;
const FLAGS = new Set(['--detach', '--stop', '--help', '-h']);
const VALUED = new Set(['--port', '--monitor-port']);
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (VALUED.has(argv[i]) && argv[i + 1] !== undefined) i++;
  else if (!FLAGS.has(argv[i])) {
    process.stderr.write(`chronoretrace-backend: unknown or incomplete option ${JSON.stringify(argv[i])}\n\n${USAGE}`);
    process.exit(2);
  }
}
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const portArg = (name, fallback) => {
  const i = argv.indexOf(name);
  const raw = i >= 0 ? argv[i + 1] : fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    process.stderr.write(
      `chronoretrace-backend: ${name} must be a port number (1 to 65535), got ${JSON.stringify(raw)}\n`,
    );
    process.exit(2);
  }
  return n;
};
const port = portArg('--port', '8001');
const monitorPort = portArg('--monitor-port', '8002');
const PID_FILE = '.mon/chronoretrace-backend.pid';
const LOG_FILE = '.mon/chronoretrace-backend.log';
const running = () => {
  try {
    const pid = Number(readFileSync(PID_FILE, 'utf8'));
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
};
if (argv.includes('--stop')) {
  const pid = running();
  if (pid) process.kill(pid, 'SIGTERM');
  rmSync(PID_FILE, { force: true });
  console.log(pid ? `chronoretrace backend stand-in ${pid} stopped` : 'no chronoretrace backend stand-in running');
  process.exit(0);
}
if (argv.includes('--detach')) {
  const pid = running();
  if (pid) {
    console.log(`chronoretrace backend stand-in already running (pid ${pid})`);
    process.exit(0);
  }
  mkdirSync('.mon', { recursive: true });
  const log = openSync(LOG_FILE, 'w');
  // The child says "listening" over IPC once both servers are up; if it exits first, it failed.
  const child = spawn(
    process.execPath,
    process.argv.slice(1).filter((a) => a !== '--detach'),
    { detached: true, stdio: ['ignore', log, log, 'ipc'] },
  );
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
    process.stderr.write(`chronoretrace-backend: failed to start: ${outcome.why}${tail ? `\n${tail}` : ''}\n`);
    process.exit(1);
  }
  child.disconnect();
  child.unref();
  writeFileSync(PID_FILE, String(child.pid));
  console.log(
    `ChronoRetrace backend stand-in on http://127.0.0.1:${port}/metrics, data-source monitor on http://127.0.0.1:${monitorPort}/metrics (pid ${child.pid}; stop: node examples/chronoretrace/backend.mjs --stop)`,
  );
  process.exit(0);
}

// Counters grow at steady rates from the start; gauges stay in their healthy ranges.
const started = Date.now();
const t = () => (Date.now() - started) / 1000;
const ENDPOINTS = ['/api/v1/stocks/quotes', '/api/v1/backtest/run', '/api/v1/health'];
// prometheus_client's default histogram buckets, and the share of requests at or under each
const API_BUCKETS = [
  [0.005, 0.05],
  [0.01, 0.15],
  [0.025, 0.35],
  [0.05, 0.6],
  [0.075, 0.72],
  [0.1, 0.8],
  [0.25, 0.92],
  [0.5, 0.97],
  [0.75, 0.985],
  [1, 0.993],
  [2.5, 0.999],
  [5, 1],
  [7.5, 1],
  [10, 1],
];
const DB_BUCKETS = API_BUCKETS.map(([le], i) => [le, Math.min(1, API_BUCKETS[Math.min(i + 2, 13)][1])]);
const help = (lines, name, type, text) => lines.push(`# HELP ${name} ${text}`, `# TYPE ${name} ${type}`);
const fmt = (labels) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
const histogram = (lines, name, labels, count, buckets, mean) => {
  for (const [le, share] of buckets)
    lines.push(`${name}_bucket{${fmt({ ...labels, le })}} ${Math.floor(count * share)}`);
  lines.push(
    `${name}_bucket{${fmt({ ...labels, le: '+Inf' })}} ${count}`,
    `${name}_sum{${fmt(labels)}} ${(count * mean).toFixed(3)}`,
    `${name}_count{${fmt(labels)}} ${count}`,
  );
};

function backend() {
  const s = t();
  const rss = process.memoryUsage().rss;
  const cpu = process.cpuUsage();
  const lines = ['# STAND-IN for the ChronoRetrace backend, not the real application'];
  help(lines, 'process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.');
  lines.push(`process_resident_memory_bytes ${rss}`);
  help(lines, 'process_virtual_memory_bytes', 'gauge', 'Virtual memory size in bytes.');
  lines.push(`process_virtual_memory_bytes ${rss * 3}`);
  help(lines, 'process_cpu_seconds_total', 'counter', 'Total user and system CPU time spent in seconds.');
  lines.push(`process_cpu_seconds_total ${(cpu.user + cpu.system) / 1e6}`);
  help(lines, 'process_start_time_seconds', 'gauge', 'Start time of the process since unix epoch in seconds.');
  lines.push(`process_start_time_seconds ${Math.floor(started / 1000)}`);
  help(lines, 'python_gc_objects_collected_total', 'counter', 'Objects collected during gc');
  for (const g of [0, 1, 2])
    lines.push(`python_gc_objects_collected_total{generation="${g}"} ${Math.floor(s * (30 >> g))}`);
  help(lines, 'python_gc_objects_uncollectable_total', 'counter', 'Uncollectable objects found during GC');
  for (const g of [0, 1, 2]) lines.push(`python_gc_objects_uncollectable_total{generation="${g}"} 0`);
  help(lines, 'python_gc_collections_total', 'counter', 'Number of times this generation was collected');
  for (const g of [0, 1, 2])
    lines.push(`python_gc_collections_total{generation="${g}"} ${Math.floor(s * (2 / (g + 1)))}`);
  help(lines, 'python_info', 'gauge', 'Python platform information');
  lines.push('python_info{implementation="CPython",major="3",minor="11",patchlevel="9",version="3.11.9"} 1');

  help(lines, 'api_request_total', 'counter', 'API requests (seed 004 section 6.1).');
  help(lines, 'api_request_duration_seconds', 'histogram', 'API request duration (seed 004 section 6.1).');
  const requests = [];
  for (const endpoint of ENDPOINTS)
    for (const [status_code, share] of [
      ['200', 0.996],
      ['404', 0.002],
      ['500', 0.002],
    ])
      requests.push([{ method: 'GET', endpoint, status_code }, Math.floor(s * 6 * share)]);
  for (const [labels, n] of requests) lines.push(`api_request_total{${fmt(labels)}} ${n}`);
  for (const [labels, n] of requests) histogram(lines, 'api_request_duration_seconds', labels, n, API_BUCKETS, 0.08);
  help(lines, 'api_concurrent_requests', 'gauge', 'Requests in flight.');
  for (const endpoint of ENDPOINTS)
    lines.push(`api_concurrent_requests{endpoint="${endpoint}"} ${1 + (Math.floor(s) % 3)}`);

  help(lines, 'db_query_duration_seconds', 'histogram', 'Database query time.');
  for (const table of ['stock_daily', 'backtest_results'])
    histogram(lines, 'db_query_duration_seconds', { query_type: 'select', table }, Math.floor(s * 4), DB_BUCKETS, 0.03);
  help(lines, 'db_connection_pool_usage', 'gauge', 'Database connection pool usage (0 to 1).');
  lines.push('db_connection_pool_usage{pool_name="default"} 0.35');
  help(lines, 'cache_hit_rate', 'gauge', 'Cache hit rate (0 to 1).');
  for (const cache_name of ['quotes', 'backtest'])
    lines.push(`cache_hit_rate{cache_type="redis",cache_name="${cache_name}"} 0.93`);
  help(lines, 'cache_memory_usage_bytes', 'gauge', 'Cache memory use.');
  lines.push('cache_memory_usage_bytes{cache_type="redis"} 52428800');
  help(lines, 'active_users_total', 'gauge', 'Active users.');
  lines.push('active_users_total{time_window="5m"} 42');
  help(lines, 'websocket_connections_total', 'gauge', 'WebSocket connections.');
  lines.push('websocket_connections_total{connection_type="quotes"} 17');
  return `${lines.join('\n')}\n`;
}

function monitor() {
  const s = t();
  const lines = ['# STAND-IN for the ChronoRetrace data-source monitor, not the real application'];
  help(lines, 'stock_data_updates_total', 'counter', 'Stock data updates (seed 004 section 6.1).');
  for (const data_source of ['akshare', 'yfinance'])
    lines.push(`stock_data_updates_total{data_source="${data_source}",symbol="000001.SZ"} ${Math.floor(s * 2)}`);
  return `${lines.join('\n')}\n`;
}

const serve = (p, body, what) =>
  new Promise((resolve) => {
    const server = createServer((req, res) => {
      if (req.url?.startsWith('/metrics'))
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(body());
      else res.writeHead(404).end(`ChronoRetrace ${what} stand-in: try /metrics\n`);
    });
    server.on('error', (e) => {
      process.stderr.write(
        `chronoretrace-backend: cannot listen on 127.0.0.1:${p} (${what}): ${e.code === 'EADDRINUSE' ? 'the port is in use' : e.message}\n`,
      );
      process.exit(1);
    });
    server.listen(p, '127.0.0.1', resolve);
  });
await serve(port, backend, 'backend');
await serve(monitorPort, monitor, 'data-source monitor');
console.log(
  `ChronoRetrace backend stand-in on http://127.0.0.1:${port}/metrics, data-source monitor on :${monitorPort}`,
);
if (process.send) {
  process.send('listening');
  process.disconnect();
}
process.on('SIGTERM', () => process.exit(0));
