import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * Stand-ins for the HTTP APIs of Grafana and Tempo, which cannot be installed here (AGPL, not
 * packaged): they answer the calls `mon verify` makes the way the real ones do, each behaviour
 * citing the upstream source it follows (grafana/grafana for Grafana 11.4, grafana/tempo v2.8.1 /
 * v3.0.0 for Tempo), and can be told to fail the way the real ones do.
 */
type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => unknown;

async function serve(handler: Handler): Promise<{ url: string; port: number; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void handler(req, Buffer.concat(chunks), res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  let closed = false;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      closed
        ? Promise.resolve()
        : ((closed = true), new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r())))),
  };
}

const json = (res: ServerResponse, status: number, value: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
/** Grafana's errutil public payload (pkg/apimachinery/errutil): message, messageId, statusCode, traceID */
const grafanaError = (res: ServerResponse, status: number, messageId: string, message: string) =>
  json(res, status, { message, messageId, statusCode: status, traceID: '' });

export interface GrafanaStandinOptions {
  password: string;
  /** `url`: where Grafana's data proxy forwards (/api/datasources/proxy/uid/:uid/*) */
  datasources: Array<{ uid: string; type: string; url?: string }>;
  dashboards: string[];
  /** service-account tokens Grafana accepts as `Authorization: Bearer` */
  tokens?: string[];
  /** datasource uids whose health check answers ERROR */
  unhealthy?: string[];
  /** dashboards that exist but were created in the UI, not provisioned */
  unprovisioned?: string[];
}

/**
 * A Grafana 11.4 stand-in: /api/health, /api/datasources (+ health), the data proxy, dashboards by
 * uid; basic auth as the admin or a service-account token.
 */
export function grafanaStandin(o: GrafanaStandinOptions) {
  return serve(async (req, body, res) => {
    const url = req.url ?? '';
    if (url === '/api/health') return json(res, 200, { commit: 'standin', database: 'ok', version: '11.4.0' });
    const authorization = req.headers.authorization ?? '';
    if (authorization.startsWith('Bearer ')) {
      // service-account tokens (glsa_...) are bearer tokens; a wrong one: errAPIKeyInvalid in
      // pkg/services/authn/clients/api_key.go
      if (!o.tokens?.includes(authorization.slice(7)))
        return grafanaError(res, 401, 'api-key.invalid', 'Invalid API key');
    } else {
      const auth = Buffer.from(authorization.replace(/^Basic /, ''), 'base64').toString();
      // errPasswordAuthFailed in pkg/services/authn/clients/password.go
      if (auth !== `admin:${o.password}`)
        return grafanaError(res, 401, 'password-auth.failed', 'Invalid username or password');
    }
    if (url === '/api/datasources')
      return json(
        res,
        200,
        o.datasources.map((d, i) => ({
          id: i + 1,
          uid: d.uid,
          name: d.uid,
          type: d.type,
          url: d.url ?? '',
          isDefault: i === 0,
          readOnly: true,
          jsonData: {},
        })),
      );
    let m = /^\/api\/datasources\/uid\/([^/]+)\/health$/.exec(url);
    if (m) {
      const d = o.datasources.find((x) => x.uid === m![1]);
      if (!d) return json(res, 404, { message: 'Data source not found' });
      // a datasource without a backend plugin has no health check: the Alertmanager one is tested
      // in the browser (public/app/plugins/datasource/alertmanager/DataSource.ts, testDatasource);
      // the backend's CheckHealth fails and pkg/api/datasources.go answers 500
      if (d.type === 'alertmanager')
        return grafanaError(res, 500, 'plugin.failedHealthCheck', 'Plugin health check failed');
      if (o.unhealthy?.includes(d.uid))
        return json(res, 400, {
          status: 'ERROR',
          message: 'Post "http://127.0.0.1:1/api/v1/query": dial tcp: connection refused',
        });
      if (d.type === 'prometheus' && d.url) {
        // the Prometheus plugin's CheckHealth runs the instant query 1+1 against the datasource
        // (POST, its httpMethod); a failure is "<error> - There was an error returned querying the
        // Prometheus API." (getHealthCheckMessage in pkg/promlib/healthcheck.go), answered 400
        const q = `${d.url}/api/v1/query`;
        const u = new URL(q);
        const error = await fetch(q, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'query=1%2B1',
          signal: AbortSignal.timeout(5000),
        }).then(
          (r) => (r.ok ? undefined : `${r.status} ${r.statusText}`),
          (e: Error & { cause?: { code?: string } }) =>
            `Post "${q}": dial tcp ${u.host}: ${e.cause?.code === 'ECONNREFUSED' ? 'connect: connection refused' : e.message}`,
        );
        if (error !== undefined)
          return json(res, 400, {
            status: 'ERROR',
            message: `${error} - There was an error returned querying the Prometheus API.`,
          });
      }
      return json(res, 200, { status: 'OK', message: 'Successfully queried the Prometheus API.' });
    }
    m = /^\/api\/datasources\/proxy\/uid\/([^/]+)(\/.*)?$/.exec(url);
    if (m) {
      const d = o.datasources.find((x) => x.uid === m![1]);
      if (!d) return json(res, 404, { message: 'Data source not found' });
      // the data proxy forwards to the datasource's URL; a failed upstream is 502 with no body, a
      // timeout 504 (errorHandler in pkg/util/proxyutil/reverse_proxy.go)
      try {
        const up = await fetch(`${d.url ?? 'http://127.0.0.1:1'}${m[2] ?? '/'}`, {
          method: req.method,
          headers: req.headers['content-type'] ? { 'content-type': req.headers['content-type'] } : {},
          body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
          signal: AbortSignal.timeout(5000),
        });
        const text = Buffer.from(await up.arrayBuffer());
        return res
          .writeHead(
            up.status,
            up.headers.get('content-type') ? { 'content-type': up.headers.get('content-type')! } : {},
          )
          .end(text);
      } catch (e) {
        return res.writeHead((e as Error).name === 'TimeoutError' ? 504 : 502).end();
      }
    }
    m = /^\/api\/dashboards\/uid\/([^/]+)$/.exec(url);
    if (m) {
      if (!o.dashboards.includes(m[1]!)) return json(res, 404, { message: 'Dashboard not found' });
      return json(res, 200, {
        dashboard: { uid: m[1], title: m[1] },
        meta: { provisioned: !o.unprovisioned?.includes(m[1]!), slug: m[1] },
      });
    }
    return json(res, 404, { message: 'Not found' });
  });
}

/** An OTLP/HTTP error as the collector's receiver writes it: a google.rpc.Status, JSON for JSON requests. */
const otlpStatus = (res: ServerResponse, http: number, code: number, message: string) =>
  json(res, http, { code, message });

/**
 * A Tempo stand-in: OTLP/HTTP ingest on one port; /ready, /api/echo, /metrics, /api/traces/:id on
 * another. `starting`: /ready answers 503 until ready() is called.
 */
export async function tempoStandin(o: { ingest?: boolean; starting?: boolean } = {}) {
  const traces = new Map<string, unknown>();
  let spans = 0;
  let starting = o.starting ?? false;
  const otlp = await serve((req, body, res) => {
    if (req.url !== '/v1/traces' || o.ingest === false) return json(res, 404, {});
    // the OpenTelemetry collector's OTLP/HTTP receiver vendored by Tempo
    // (vendor/go.opentelemetry.io/collector/receiver/otlpreceiver/otlphttp.go at v2.8.1):
    // POST only (405), application/json or application/x-protobuf only (415), bad body 400
    if (req.method !== 'POST')
      return res.writeHead(405, { 'content-type': 'text/plain' }).end('405 method not allowed, supported: [POST]');
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
    if (type !== 'application/json') {
      // protobuf is real OTLP too, but nothing in mon sends it: this stand-in decodes JSON only
      if (type === 'application/x-protobuf') return otlpStatus(res, 501, 12, 'stand-in: protobuf not decoded');
      return res
        .writeHead(415, { 'content-type': 'text/plain' })
        .end('415 unsupported media type, supported: [application/json, application/x-protobuf]');
    }
    let data: {
      resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: Array<{ traceId?: string; spanId?: string }> }> }>;
    };
    try {
      data = JSON.parse(body.toString()) as typeof data;
    } catch (e) {
      return otlpStatus(res, 400, 3, `json unmarshal: ${(e as Error).message}`);
    }
    const all = (data.resourceSpans ?? []).flatMap((rs) =>
      (rs.scopeSpans ?? []).flatMap((ss) => (ss.spans ?? []).map((s) => ({ rs, s }))),
    );
    for (const { s } of all) {
      // OTLP JSON ids are hex (pdata): a malformed one fails decoding, 400
      for (const [k, len] of [
        ['traceId', 32],
        ['spanId', 16],
      ] as const) {
        const v = s[k] ?? '';
        if (v !== '' && !(v.length === len && /^[0-9a-fA-F]+$/.test(v)))
          return otlpStatus(res, 400, 3, `${k}: invalid length for ID`);
      }
      // the distributor refuses the whole request (codes.InvalidArgument -> HTTP 400):
      // modules/distributor/distributor.go and pkg/validation/validate.go at v2.8.1 and v3.0.0
      if (!s.traceId) return otlpStatus(res, 400, 3, 'trace ids must be 128 bit, received 0 bits');
      if (!s.spanId || /^0+$/.test(s.spanId))
        return otlpStatus(
          res,
          400,
          3,
          `span ids must be 64 bit and not all zero, received ${(s.spanId?.length ?? 0) * 4} bits`,
        );
    }
    for (const { rs, s } of all) (traces.set(s.traceId!.toLowerCase(), rs), spans++);
    return json(res, 200, {});
  });
  const api = await serve((req, _body, res) => {
    const url = req.url ?? '';
    // readyHandler in cmd/tempo/app/app.go; the ingester's ring lifecycler waits min_ready_duration
    // (15s) after joining (dskit ring/lifecycler.go CheckReady, vendored at v2.8.1)
    if (url === '/ready')
      return starting
        ? res
            .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
            .end('Ingester not ready: waiting for 15s after being ready\n')
        : res.writeHead(200).end('ready');
    if (url === '/api/echo') return res.writeHead(200).end('echo');
    if (url === '/metrics')
      return res
        .writeHead(200)
        .end(
          `# TYPE tempo_distributor_spans_received_total counter\ntempo_distributor_spans_received_total{tenant="single-tenant"} ${spans}\n`,
        );
    const m = /^\/api\/traces\/([0-9a-f]+)$/.exec(url);
    if (m)
      return traces.has(m[1]!)
        ? json(res, 200, { batches: [traces.get(m[1]!)] })
        : res.writeHead(404).end('trace not found');
    return res.writeHead(404).end();
  });
  return {
    api,
    otlp,
    ready: () => void (starting = false),
    close: async () => (await api.close(), await otlp.close()),
  };
}
