import { randomBytes } from 'node:crypto';
import { component } from '../components/index.js';
import { jaegerTelemetry } from '../model/span-metrics.js';
import type { Jaeger } from '../model/types.js';
import { type CheckResult, timed } from '../report/checks.js';
import { describeFailure, http } from '../net/http.js';

/**
 * The trace checks of a deployed Jaeger v2 (tracing.backend: jaeger), for `mon verify` to run
 * beside (instead of) Tempo's; not wired into src/verify/run.ts yet. Jaeger's APIs as of v1.76.0:
 * healthcheckv2 answers 200 on its status path when every component is up; the query service's
 * API v3 (cmd/query/app/apiv3, HTTP gateway) answers GET /api/v3/traces/{trace_id} with
 * {result: {resourceSpans: [...]}} (OTLP JSON) and 404 for an unknown trace.
 */
export const jaegerUrls = (j: Jaeger) => ({
  health: `http://127.0.0.1:${j.hostPorts.health}${component('jaeger').readyPath}`,
  query: `http://127.0.0.1:${j.hostPorts.query}`,
  otlpHttp: `http://127.0.0.1:${j.hostPorts.otlpHttp}/v1/traces`,
  telemetry: `http://127.0.0.1:${j.hostPorts.metrics}/metrics`,
});

export const jaegerReady = (j: Jaeger): Promise<CheckResult> =>
  timed('jaeger.ready', 'Jaeger reports every component healthy', async () => {
    const url = jaegerUrls(j).health;
    const r = await http(url);
    return r.ok ? { status: 'pass', details: url } : { status: 'fail', details: describeFailure(url, r) };
  });

/** Spans arriving: the OTLP receiver's accepted-spans counter on Jaeger's own telemetry endpoint. */
export const jaegerSpansArriving = (j: Jaeger): Promise<CheckResult> =>
  timed('jaeger.spans', 'Jaeger has accepted spans over OTLP', async () => {
    const url = jaegerUrls(j).telemetry;
    const r = await http(url);
    if (!r.ok) return { status: 'fail', details: describeFailure(url, r) };
    const total = r.text
      .split('\n')
      .filter((l) => l.startsWith(`${jaegerTelemetry.acceptedSpans}{`) && l.includes('receiver="otlp"'))
      .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    return total > 0
      ? { status: 'pass', details: `${total} spans accepted` }
      : { status: 'fail', details: `no span accepted yet (${jaegerTelemetry.acceptedSpans} is 0 at ${url})` };
  });

/** One synthetic span with a unique trace id, sent over OTLP/HTTP and read back from the query API v3. */
export function jaegerTraceRoundTrip(
  j: Jaeger,
  timeoutMs = 60_000,
  pollMs = 250,
): Promise<CheckResult & { latencyMs?: number }> {
  return timed('trace.roundtrip', 'a span sent over OTLP/HTTP comes back from Jaeger', async () => {
    const { otlpHttp, query } = jaegerUrls(j);
    const traceId = randomBytes(16).toString('hex');
    const now = BigInt(Date.now()) * 1_000_000n;
    const span = {
      traceId,
      spanId: randomBytes(8).toString('hex'),
      name: 'mon trace round trip',
      kind: 2,
      startTimeUnixNano: String(now - 1_000_000n),
      endTimeUnixNano: String(now),
    };
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'mon-verify' } }] },
          scopeSpans: [{ scope: { name: 'mon' }, spans: [span] }],
        },
      ],
    };
    const sent = performance.now();
    const r = await http(otlpHttp, { method: 'POST', body: JSON.stringify(body), contentType: 'application/json' });
    if (!r.ok) return { status: 'fail', details: `Jaeger refused the span: ${describeFailure(otlpHttp, r)}` };
    const url = `${query}/api/v3/traces/${traceId}`;
    let last = '';
    while (performance.now() - sent < timeoutMs) {
      const got = await http(url);
      if (
        got.ok &&
        ((JSON.parse(got.text) as { result?: { resourceSpans?: unknown[] } }).result?.resourceSpans ?? []).length
      ) {
        const latencyMs = Math.round(performance.now() - sent);
        return { status: 'pass', details: `trace ${traceId} read back after ${latencyMs} ms`, latencyMs };
      }
      last = got.error ?? `HTTP ${got.status}`;
      await new Promise((res) => setTimeout(res, pollMs));
    }
    return { status: 'fail', details: `trace ${traceId} not found at ${url} within ${timeoutMs / 1000}s (${last})` };
  });
}
