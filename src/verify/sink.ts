import { createServer, type Server } from 'node:http';

/** A webhook receiver that `mon verify --fire-drill` runs for the duration of the drill. */
export interface Sink {
  url: (host: string) => string;
  wait(match: (body: unknown) => boolean, timeoutMs: number): Promise<{ at: number; body: unknown } | undefined>;
  received: Array<{ at: number; body: unknown }>;
  close(): Promise<void>;
}

export async function startSink(bind: string): Promise<Sink> {
  const received: Sink['received'] = [];
  const waiters: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      try {
        received.push({ at: Date.now(), body: JSON.parse(data) });
      } catch {
        received.push({ at: Date.now(), body: data });
      }
      res.writeHead(200).end();
      waiters.splice(0).forEach((w) => w());
    });
  });
  await new Promise<void>((r) => server.listen(0, bind, () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    url: (host) => `http://${host}:${port}/`,
    received,
    async wait(match, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = received.find((r) => match(r.body));
        if (hit) return hit;
        const left = deadline - Date.now();
        if (left <= 0) return undefined;
        await new Promise<void>((r) => {
          const t = setTimeout(r, left);
          waiters.push(() => (clearTimeout(t), r()));
        });
      }
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
