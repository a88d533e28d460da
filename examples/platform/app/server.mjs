#!/usr/bin/env node
// The platform guide's application (seed 003), small and real: Node's standard library only.
// GET /health checks the real Redis (AUTH + PING over RESP) and the real MariaDB (its server
// greeting over TCP) and answers 200 healthy / 503 unhealthy; /health/ready and /health/live as
// the guide has them; /metrics in the Prometheus text format with the guide's http_* metrics
// and the process_* metrics of this process; POST /alerts[/...] records what Alertmanager posts
// (its webhook, and the Slack API stand-in the example's Slack receiver points at); GET /alerts lists it.
//
//   node examples/platform/app/server.mjs --port 18000 --redis 127.0.0.1:16379 --redis-password-file F --mysql 127.0.0.1:13306
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect } from 'node:net';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const port = Number(arg('--port', '18000'));
const [redisHost, redisPort] = arg('--redis', '127.0.0.1:16379').split(':');
const [mysqlHost, mysqlPort] = arg('--mysql', '127.0.0.1:13306').split(':');
const passwordFile = arg('--redis-password-file');
const redisPassword = () => (passwordFile ? readFileSync(passwordFile, 'utf8').trim() : '');

const requests = new Map(); // `${method}\0${endpoint}\0${status}` -> count
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const durations = new Map(); // `${method}\0${endpoint}` -> {buckets, sum, count}
const alerts = [];
let active = 0;

/** A TCP exchange with a timeout: resolves with what the server said, or rejects. */
function exchange(host, p, send, done, ms = 1000) {
  return new Promise((resolve, reject) => {
    let got = '';
    const s = connect({ host, port: Number(p) }, () => send && s.write(send));
    const timer = setTimeout(() => (s.destroy(), reject(new Error('timeout'))), ms);
    s.on('data', (c) => {
      got += c.toString('latin1');
      if (done(got)) {
        clearTimeout(timer);
        s.end();
        resolve(got);
      }
    });
    s.on('error', (e) => (clearTimeout(timer), reject(e)));
  });
}
const resp = (...args) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;

async function checkRedis() {
  try {
    const pw = redisPassword();
    const out = await exchange(redisHost, redisPort, `${pw ? resp('AUTH', pw) : ''}${resp('PING')}`, (g) =>
      /PONG|-ERR|-WRONGPASS|-NOAUTH/.test(g),
    );
    return out.includes('PONG')
      ? { status: 'healthy', service: 'redis' }
      : { status: 'unhealthy', service: 'redis', error: out.trim() };
  } catch (e) {
    return { status: 'unhealthy', service: 'redis', error: String(e.message ?? e) };
  }
}
async function checkDatabase() {
  try {
    // the MySQL protocol's initial handshake packet: protocol version 10, then the server version
    const g = await exchange(mysqlHost, mysqlPort, undefined, (x) => x.length > 5);
    return g.charCodeAt(4) === 10
      ? { status: 'healthy', service: 'database' }
      : { status: 'unhealthy', service: 'database', error: 'no handshake' };
  } catch (e) {
    return { status: 'unhealthy', service: 'database', error: String(e.message ?? e) };
  }
}

function observe(method, endpoint, status, seconds) {
  const k = `${method}\0${endpoint}\0${status}`;
  requests.set(k, (requests.get(k) ?? 0) + 1);
  const d = durations.get(`${method}\0${endpoint}`) ?? { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
  BUCKETS.forEach((b, i) => seconds <= b && d.buckets[i]++);
  d.sum += seconds;
  d.count++;
  durations.set(`${method}\0${endpoint}`, d);
}

function exposition() {
  const lines = [];
  const esc = (v) => String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  lines.push('# HELP http_requests_total Total HTTP requests', '# TYPE http_requests_total counter');
  for (const [k, v] of requests) {
    const [m, e, s] = k.split('\0');
    lines.push(`http_requests_total{method="${esc(m)}",endpoint="${esc(e)}",status="${s}"} ${v}`);
  }
  lines.push(
    '# HELP http_request_duration_seconds HTTP request duration in seconds',
    '# TYPE http_request_duration_seconds histogram',
  );
  for (const [k, d] of durations) {
    const [m, e] = k.split('\0');
    const l = `method="${esc(m)}",endpoint="${esc(e)}"`;
    BUCKETS.forEach((b, i) => lines.push(`http_request_duration_seconds_bucket{${l},le="${b}"} ${d.buckets[i]}`));
    lines.push(`http_request_duration_seconds_bucket{${l},le="+Inf"} ${d.count}`);
    lines.push(
      `http_request_duration_seconds_sum{${l}} ${d.sum}`,
      `http_request_duration_seconds_count{${l}} ${d.count}`,
    );
  }
  lines.push(
    '# HELP http_active_connections Number of active HTTP connections',
    '# TYPE http_active_connections gauge',
  );
  lines.push(`http_active_connections ${active}`);
  const cpu = process.cpuUsage();
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const vsize = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[20]);
  lines.push(
    '# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.',
    '# TYPE process_cpu_seconds_total counter',
  );
  lines.push(`process_cpu_seconds_total ${(cpu.user + cpu.system) / 1e6}`);
  lines.push(
    '# HELP process_resident_memory_bytes Resident memory size in bytes.',
    '# TYPE process_resident_memory_bytes gauge',
  );
  lines.push(`process_resident_memory_bytes ${process.memoryUsage().rss}`);
  lines.push(
    '# HELP process_virtual_memory_bytes Virtual memory size in bytes.',
    '# TYPE process_virtual_memory_bytes gauge',
  );
  lines.push(`process_virtual_memory_bytes ${vsize}`);
  lines.push(
    '# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.',
    '# TYPE process_start_time_seconds gauge',
  );
  lines.push(`process_start_time_seconds ${Math.floor(Date.now() / 1000 - process.uptime())}`);
  return `${lines.join('\n')}\n`;
}

const server = createServer(async (req, res) => {
  const started = process.hrtime.bigint();
  active++;
  const path = (req.url ?? '/').split('?')[0];
  const send = (status, body, type = 'application/json') => {
    res.writeHead(status, { 'content-type': type }).end(typeof body === 'string' ? body : JSON.stringify(body));
    active--;
    if (path !== '/metrics') observe(req.method, path, status, Number(process.hrtime.bigint() - started) / 1e9);
  };
  if (req.method === 'GET' && path === '/health') {
    const checks = { redis: await checkRedis(), database: await checkDatabase() };
    const healthy = Object.values(checks).every((c) => c.status === 'healthy');
    return send(healthy ? 200 : 503, {
      status: healthy ? 'healthy' : 'unhealthy',
      timestamp: Date.now() / 1000,
      checks,
    });
  }
  if (req.method === 'GET' && path === '/health/ready') return send(200, { status: 'ready' });
  if (req.method === 'GET' && path === '/health/live') return send(200, { status: 'alive' });
  if (req.method === 'GET' && path === '/metrics') return send(200, exposition(), 'text/plain; version=0.0.4');
  if (req.method === 'POST' && (path === '/alerts' || path.startsWith('/alerts/'))) {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      try {
        alerts.push({ path, body: JSON.parse(body) });
      } catch {
        /* not JSON: ignored */
      }
      send(200, { ok: true });
    });
    return undefined;
  }
  if (req.method === 'GET' && path === '/alerts') return send(200, alerts);
  return send(404, { error: 'not found' });
});
server.listen(port, '127.0.0.1', () => console.log(`platform app on http://127.0.0.1:${port}`));
for (const s of ['SIGTERM', 'SIGINT']) process.on(s, () => server.close(() => process.exit(0)));
