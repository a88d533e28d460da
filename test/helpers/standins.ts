import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * Stand-ins for the HTTP APIs of Grafana and Tempo, which cannot be installed here: they answer
 * the calls `mon verify` makes with the shapes of the real ones (see shared/reference/stack.md,
 * sections 3.2 and 4.2), and can be told to fail the way the real ones do.
 */
type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

async function serve(handler: Handler): Promise<{ url: string; port: number; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, port, close: () => new Promise((r) => server.close(() => r())) };
}

const json = (res: ServerResponse, status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));

export interface GrafanaStandinOptions {
  password: string;
  datasources: Array<{ uid: string; type: string }>;
  dashboards: string[];
  /** datasource uids whose health check answers ERROR */
  unhealthy?: string[];
  /** dashboards that exist but were created in the UI, not provisioned */
  unprovisioned?: string[];
}

/** A Grafana stand-in: /api/health, /api/datasources (+ health, + Tempo proxy echo), /api/dashboards/uid/:uid, basic auth. */
export function grafanaStandin(o: GrafanaStandinOptions) {
  return serve((req, _body, res) => {
    const url = req.url ?? '';
    if (url === '/api/health') return json(res, 200, { commit: 'standin', database: 'ok', version: '11.4.0' });
    const auth = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
    if (auth !== `admin:${o.password}`) return json(res, 401, { message: 'invalid username or password' });
    if (url === '/api/datasources') return json(res, 200, o.datasources.map((d, i) => ({ id: i + 1, uid: d.uid, name: d.uid, type: d.type, url: '', isDefault: i === 0, readOnly: true, jsonData: {} })));
    let m = /^\/api\/datasources\/uid\/([^/]+)\/health$/.exec(url);
    if (m) {
      if (!o.datasources.some((d) => d.uid === m![1])) return json(res, 404, { message: 'Data source not found' });
      return o.unhealthy?.includes(m[1]!) ? json(res, 400, { status: 'ERROR', message: 'Post "http://127.0.0.1:1/api/v1/query": dial tcp: connection refused' }) : json(res, 200, { status: 'OK', message: 'Successfully queried the Prometheus API.' });
    }
    m = /^\/api\/datasources\/proxy\/uid\/([^/]+)\/api\/echo$/.exec(url);
    if (m) return o.datasources.some((d) => d.uid === m![1]) ? res.writeHead(200).end('echo') : json(res, 404, { message: 'Data source not found' });
    m = /^\/api\/dashboards\/uid\/([^/]+)$/.exec(url);
    if (m) {
      if (!o.dashboards.includes(m[1]!)) return json(res, 404, { message: 'Dashboard not found' });
      return json(res, 200, { dashboard: { uid: m[1], title: m[1] }, meta: { provisioned: !o.unprovisioned?.includes(m[1]!), slug: m[1] } });
    }
    return json(res, 404, { message: 'Not found' });
  });
}

/** A Tempo stand-in: OTLP/HTTP ingest on one port; /ready, /api/echo, /metrics, /api/traces/:id on another. */
export async function tempoStandin(o: { ingest?: boolean } = {}) {
  const traces = new Map<string, unknown>();
  let spans = 0;
  const otlp = await serve((req, body, res) => {
    if (req.method === 'POST' && req.url === '/v1/traces' && o.ingest !== false) {
      const data = JSON.parse(body) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ traceId: string }> }> }> };
      for (const rs of data.resourceSpans) for (const ss of rs.scopeSpans) for (const s of ss.spans) (traces.set(s.traceId, rs), spans++);
      return json(res, 200, {});
    }
    return json(res, 404, {});
  });
  const api = await serve((req, _body, res) => {
    const url = req.url ?? '';
    if (url === '/ready') return res.writeHead(200).end('ready');
    if (url === '/api/echo') return res.writeHead(200).end('echo');
    if (url === '/metrics') return res.writeHead(200).end(`# TYPE tempo_distributor_spans_received_total counter\ntempo_distributor_spans_received_total{tenant="single-tenant"} ${spans}\n`);
    const m = /^\/api\/traces\/([0-9a-f]+)$/.exec(url);
    if (m) return traces.has(m[1]!) ? json(res, 200, { batches: [traces.get(m[1]!)] }) : res.writeHead(404).end('trace not found');
    return res.writeHead(404).end();
  });
  return { api, otlp, close: async () => (await api.close(), await otlp.close()) };
}
