import { type HttpAuth, http } from './http.js';

/**
 * POST a component's reload endpoint (Prometheus and Alertmanager: /-/reload). The answer to a
 * refused reload is generic; callers that can read the component's log add its own words.
 */
export async function reload(
  url: string,
  auth?: HttpAuth,
): Promise<{ ok: true; ms: number } | { ok: false; status: number; message: string }> {
  const started = Date.now();
  const r = await http(url, { method: 'POST', auth, timeoutMs: 30_000 });
  if (r.ok) return { ok: true, ms: Date.now() - started };
  return { ok: false, status: r.status, message: r.error ?? r.text.trim() };
}
