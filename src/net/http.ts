/** HTTP for verification: every call has a timeout and says what went wrong in one line. */
export interface HttpAuth {
  basic?: { user: string; password: string };
  token?: string;
}

export interface HttpAnswer {
  ok: boolean;
  status: number;
  text: string;
  error?: string;
}

function headers(auth?: HttpAuth, extra: Record<string, string> = {}): Record<string, string> {
  const h: Record<string, string> = { ...extra };
  if (auth?.token) h.authorization = `Bearer ${auth.token}`;
  else if (auth?.basic)
    h.authorization = `Basic ${Buffer.from(`${auth.basic.user}:${auth.basic.password}`).toString('base64')}`;
  return h;
}

export async function http(
  url: string,
  opts: { method?: string; body?: string; contentType?: string; auth?: HttpAuth; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  try {
    const r = await fetch(url, {
      method: opts.method ?? 'GET',
      body: opts.body,
      headers: headers(opts.auth, opts.contentType ? { 'content-type': opts.contentType } : {}),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
    });
    return { ok: r.ok, status: r.status, text: await r.text() };
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    return {
      ok: false,
      status: 0,
      text: '',
      error:
        cause === 'ECONNREFUSED'
          ? 'connection refused'
          : (e as Error).name === 'TimeoutError'
            ? 'timed out'
            : (e as Error).message,
    };
  }
}

/** GET and parse JSON; `why` explains a failure (status, connection error, bad JSON). */
export async function getJson<T>(url: string, auth?: HttpAuth): Promise<{ data?: T; why?: string }> {
  const r = await http(url, { auth });
  if (!r.ok)
    return { why: r.error ?? `HTTP ${r.status} from ${url}${r.text ? `: ${r.text.trim().slice(0, 200)}` : ''}` };
  try {
    return { data: JSON.parse(r.text) as T };
  } catch {
    return { why: `${url} did not answer JSON` };
  }
}

export const describeFailure = (url: string, r: HttpAnswer) =>
  r.error ? `${url}: ${r.error}` : `${url}: HTTP ${r.status}${r.text ? ` ${r.text.trim().slice(0, 200)}` : ''}`;
