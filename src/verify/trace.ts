import { randomBytes } from 'node:crypto';
import { type CheckResult, skipped, timed } from '../report/checks.js';
import { absent, type VerifyContext } from './context.js';
import { jaegerTraceRoundTrip } from './jaeger.js';
import { describeFailure, http } from '../net/http.js';

const ID = 'trace.roundtrip';
const NAME = 'a span sent over OTLP/HTTP comes back from Tempo';

/**
 * Where the span goes: --otlp-url as given (its /v1/traces), else the host of Tempo's API URL
 * (127.0.0.1, or --tempo-url's host for a stack elsewhere) at the spec's OTLP/HTTP port.
 */
export function otlpTracesUrl(ctx: VerifyContext, otlpUrl?: string): string {
  if (otlpUrl) return `${otlpUrl.replace(/\/+$/, '').replace(/\/v1\/traces$/, '')}/v1/traces`;
  const api = new URL(ctx.endpoints.urls.tempo ?? 'http://127.0.0.1');
  return `${api.protocol}//${api.hostname}:${ctx.model.tempo.hostPorts.otlpHttp}/v1/traces`; // an IPv6 hostname keeps its brackets
}

/** One synthetic span with a unique trace id, sent to Tempo's OTLP/HTTP receiver and read back by id. */
export async function traceRoundTrip(ctx: VerifyContext, timeoutMs = 60_000, otlpUrl?: string): Promise<CheckResult> {
  const tempo = ctx.endpoints.urls.tempo;
  if (ctx.model.jaeger.enabled)
    return ctx.endpoints.urls.jaeger
      ? jaegerTraceRoundTrip(ctx.model.jaeger, timeoutMs)
      : absent(ctx, 'jaeger', ID, 'a span sent over OTLP/HTTP comes back from Jaeger');
  if (!ctx.model.tempo.enabled) return skipped(ID, NAME, 'tempo: not in this stack');
  if (!tempo) return absent(ctx, 'tempo', ID, NAME);
  return timed(ID, NAME, async () => {
    const traceId = randomBytes(16).toString('hex');
    const spanId = randomBytes(8).toString('hex');
    const now = BigInt(Date.now()) * 1_000_000n;
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'mon-verify' } }] },
          scopeSpans: [
            {
              scope: { name: 'mon' },
              spans: [
                {
                  traceId,
                  spanId,
                  name: 'mon trace round trip',
                  kind: 2,
                  startTimeUnixNano: String(now - 1_000_000n),
                  endTimeUnixNano: String(now),
                },
              ],
            },
          ],
        },
      ],
    };
    const otlp = otlpTracesUrl(ctx, otlpUrl);
    const sent = Date.now();
    const r = await http(otlp, { method: 'POST', body: JSON.stringify(body), contentType: 'application/json' });
    if (!r.ok)
      return {
        status: 'fail',
        details: `Tempo refused the span: ${describeFailure(otlp, r)}${otlpUrl || r.status ? '' : ' (its OTLP receiver is elsewhere? give --otlp-url)'}`,
      };
    const url = `${tempo}/api/traces/${traceId}`;
    let last = '';
    while (Date.now() - sent < timeoutMs) {
      const got = await http(url, { auth: ctx.endpoints.auth });
      if (got.ok) {
        // v1 API: {batches: [...]} (older) or {resourceSpans: [...]}; either must hold our span
        const trace = JSON.parse(got.text) as { batches?: unknown[]; resourceSpans?: unknown[] };
        if ((trace.batches ?? trace.resourceSpans ?? []).length)
          return { status: 'pass', details: `trace ${traceId} read back after ${Date.now() - sent} ms` };
      }
      last = got.error ?? `HTTP ${got.status}`;
      await new Promise((res) => setTimeout(res, 250));
    }
    return { status: 'fail', details: `trace ${traceId} not found at ${url} within ${timeoutMs / 1000}s (${last})` };
  });
}
