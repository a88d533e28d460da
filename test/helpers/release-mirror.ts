import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

/**
 * A local HTTP server laid out like a release mirror: one tool's .tar.gz (with stand-in binaries
 * that print a version) and its checksum file, for `mon tools install --method download`.
 */
export async function releaseMirror(opts: {
  archivePath: string;
  checksumsPath: string;
  binaries: string[];
  wrongChecksum?: boolean;
}) {
  const work = await mkdtemp(join(tmpdir(), 'mon-mirror-'));
  const top = join(work, 'pkg', 'release');
  await mkdir(top, { recursive: true });
  for (const b of opts.binaries)
    await writeFile(join(top, b), `#!/bin/sh\necho "${b} stand-in from the test mirror"\n`, { mode: 0o755 });
  const name = opts.archivePath.split('/').pop()!;
  await execa('tar', ['-czf', join(work, name), '-C', join(work, 'pkg'), 'release']);
  const archive = await readFile(join(work, name));
  const sum = opts.wrongChecksum ? '0'.repeat(64) : createHash('sha256').update(archive).digest('hex');
  const sums = `${'f'.repeat(64)}  other-file.tar.gz\n${sum}  ${name}\n`;
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === `/${opts.archivePath}`) res.writeHead(200).end(archive);
    else if (req.url === `/${opts.checksumsPath}`) res.writeHead(200).end(sums);
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url,
    requests,
    close: async () => (await new Promise((r) => server.close(r)), await rm(work, { recursive: true, force: true })),
  };
}
