import { createServer as createHttp, type Server } from 'node:http';
import { createServer as createTcp, type Server as TcpServer } from 'node:net';

/** One message a sink received: from which receiver, and what it carried. */
export interface Received {
  receiver: string;
  kind: 'http' | 'email';
  path?: string;
  body: string;
  headers?: Record<string, string>;
}

const listen = (s: Server | TcpServer) =>
  new Promise<number>((resolve, reject) => {
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve((s.address() as { port: number }).port));
  });

/** An HTTP sink on 127.0.0.1: every POST to /<receiver>/... is recorded (Slack API, webhooks). */
export async function httpSink(got: Received[]): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createHttp((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const receiver = decodeURIComponent((req.url ?? '/').split('/')[1] ?? '');
      got.push({ receiver, kind: 'http', path: req.url ?? '/', body });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/** RFC 2047 encoded words (=?UTF-8?q?...?= / ?b?), as Go's mime.QEncoding writes non-ASCII headers. */
function decodeWords(v: string): string {
  return v.replace(/=\?([^?]+)\?([qQbB])\?([^?]*)\?=\s*/g, (_m, _cs, enc: string, text: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text
            .replace(/_/g, ' ')
            .replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

const quotedPrintable = (s: string) =>
  Buffer.from(
    s.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  ).toString('utf8');

/** A MIME message -> its headers and the parts by content type (decoded). */
export function parseMail(raw: string): { headers: Record<string, string>; parts: Record<string, string> } {
  const split = (text: string) => {
    const at = text.search(/\r?\n\r?\n/);
    const head = at < 0 ? text : text.slice(0, at);
    const body = at < 0 ? '' : text.slice(at).replace(/^\r?\n\r?\n/, '');
    const headers: Record<string, string> = {};
    for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = decodeWords(line.slice(i + 1).trim());
    }
    return { headers, body };
  };
  const top = split(raw);
  const parts: Record<string, string> = {};
  const boundary = /boundary="?([^";]+)"?/.exec(top.headers['content-type'] ?? '')?.[1];
  const add = (h: Record<string, string>, body: string) => {
    const type = (h['content-type'] ?? 'text/plain').split(';')[0]!.trim();
    const enc = (h['content-transfer-encoding'] ?? '').toLowerCase();
    parts[type] =
      enc === 'quoted-printable'
        ? quotedPrintable(body)
        : enc === 'base64'
          ? Buffer.from(body, 'base64').toString('utf8')
          : body;
  };
  if (boundary)
    for (const chunk of top.body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      const p = split(chunk.replace(/^\r?\n/, ''));
      add(p.headers, p.body.replace(/\r?\n$/, ''));
    }
  else add(top.headers, top.body);
  return { headers: top.headers, parts };
}

/**
 * A minimal SMTP sink (RFC 5321: greeting, EHLO/HELO, MAIL, RCPT, DATA, QUIT; no TLS, no
 * AUTH) on 127.0.0.1, enough for Alertmanager's email notifier with require_tls: false. The
 * receiver is the recipient's local part.
 */
export async function smtpSink(got: Received[]): Promise<{ address: string; close: () => Promise<void> }> {
  const server = createTcp((sock) => {
    let buf = '';
    let data = false;
    let rcpt = '';
    sock.write('220 mon-preview ESMTP\r\n');
    sock.on('data', (c: Buffer) => {
      buf += c.toString('latin1');
      for (;;) {
        if (data) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const raw = Buffer.from(buf.slice(0, end).replace(/\r\n\.\./g, '\r\n.'), 'latin1').toString('utf8');
          buf = buf.slice(end + 5);
          data = false;
          const mail = parseMail(raw);
          const body = mail.parts['text/html'] ?? mail.parts['text/plain'] ?? '';
          got.push({
            receiver: rcpt.split('@')[0]!,
            kind: 'email',
            body,
            headers: { ...mail.headers, ...prefixed(mail.parts) },
          });
          sock.write('250 queued\r\n');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') sock.write('250-mon-preview\r\n250 8BITMIME\r\n');
        else if (verb === 'HELO') sock.write('250 mon-preview\r\n');
        else if (verb === 'MAIL') sock.write('250 ok\r\n');
        else if (verb === 'RCPT') {
          rcpt = /<([^>]*)>/.exec(line)?.[1] ?? '';
          sock.write('250 ok\r\n');
        } else if (verb === 'DATA') {
          data = true;
          sock.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') sock.end('221 bye\r\n');
        else sock.write('250 ok\r\n');
      }
    });
    sock.on('error', () => undefined);
  });
  const port = await listen(server);
  return { address: `127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

const prefixed = (parts: Record<string, string>) =>
  Object.fromEntries(Object.entries(parts).map(([k, v]) => [`part:${k}`, v]));
