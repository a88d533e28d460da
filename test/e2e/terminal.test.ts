import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MON, ROOT, tempDir } from '../helpers/cli.js';
import { freePort } from '../helpers/stack.js';

/**
 * Terminal and process edge cases: a real pseudo-terminal (util-linux `script`) of 0 and 100
 * columns, a reader that closes the pipe before mon writes, and the example simulator's options.
 */
const SPEC = join(ROOT, 'examples/mystocks/monitoring.yaml');
const SIMULATOR = join(ROOT, 'examples/mystocks/simulator.mjs');
const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** `mon test` under a pty of the given width; CI unset, so only the terminal decides. */
async function onTerminal(columns: number) {
  const cmd = `stty cols ${columns} rows 24; ${shellQuote(process.execPath)} ${shellQuote(MON)} test -f ${shellQuote(SPEC)}`;
  const env = { ...process.env, TERM: 'xterm', CI: undefined, NO_COLOR: '1' };
  const r = await execa('script', ['-qfec', cmd, '/dev/null'], {
    env,
    reject: false,
    timeout: 120_000,
    stdin: 'ignore',
    maxBuffer: 8 * 1024 * 1024,
  });
  return { exitCode: r.exitCode, out: String(r.stdout) };
}

describe('progress only on a terminal of a sane width', () => {
  it('a 0-column terminal gets no spinner (it once wrote 532 MB), and the command still ends', async () => {
    const r = await onTerminal(0);
    expect(r.exitCode).toBe(0);
    expect(r.out).not.toContain('running promtool test rules');
    expect(r.out.length).toBeLessThan(20_000);
    expect(r.out).toMatch(/24 rules?.*passed|passed/);
  });

  it('a 100-column terminal does get one (the check can see a spinner)', async () => {
    const r = await onTerminal(100);
    expect(r.exitCode).toBe(0);
    expect(r.out).toContain('running promtool test rules');
  });
});

describe('a reader that goes away', () => {
  it('mon routes with its stdout closed before it writes: exit 0, no stack trace', async () => {
    for (let i = 0; i < 3; i++) {
      const child = spawn(process.execPath, [MON, 'routes', '-f', SPEC], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NO_COLOR: '1' },
      });
      child.stdout.destroy(); // as `| head -0` does: the next write gets EPIPE
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(stderr).not.toMatch(/EPIPE|Unhandled|at .*\.js:\d+/);
      expect(code).toBe(0);
    }
  });
});

describe('the example simulator', () => {
  let work: { path: string; cleanup: () => Promise<void> };
  let busy: Server;
  let busyPort: number;
  beforeAll(async () => {
    work = await tempDir();
    busyPort = await freePort();
    busy = createServer().listen(busyPort, '127.0.0.1');
    await once(busy, 'listening');
  });
  afterAll(async () => {
    busy.close();
    await execa(process.execPath, [SIMULATOR, '--stop'], { cwd: work.path, reject: false });
    await work.cleanup();
  });
  const sim = (args: string[]) =>
    execa(process.execPath, [SIMULATOR, ...args], { cwd: work.path, reject: false, timeout: 30_000, stdin: 'ignore' });

  it('--help prints its usage and starts no server', async () => {
    const port = await freePort();
    const r = await sim(['--help', '--port', String(port)]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^usage: node examples\/mystocks\/simulator.mjs/);
    expect(r.stdout).toContain('--detach');
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });

  it('an unknown option is a usage error (exit 2)', async () => {
    const r = await sim(['--prot', '8000']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('unknown or incomplete option "--prot"');
  });

  it('--detach on a port in use reports the failure (exit 1) and records no pid', async () => {
    const r = await sim(['--detach', '--port', String(busyPort)]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`simulator: failed to start on 127.0.0.1:${busyPort}: it exited (code 1)`);
    expect(r.stderr).toContain(`cannot listen on 127.0.0.1:${busyPort}: the port is in use`);
    await expect(readFile(join(work.path, '.mon/simulator.pid'), 'utf8')).rejects.toThrow();
  });

  it('--detach on a free port returns once it serves, and --stop stops it', async () => {
    const port = await freePort();
    const r = await sim(['--detach', '--port', String(port)]);
    expect(r.exitCode, r.stderr).toBe(0);
    const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(body).toContain('# SIMULATOR: stand-in for the MyStocks backend');
    const stop = await sim(['--stop']);
    expect(stop.stdout).toMatch(/^simulator \d+ stopped/);
  });
});
