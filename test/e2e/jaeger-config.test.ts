import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mon, tempDir } from '../helpers/cli.js';
import { findJaeger } from '../helpers/tracing.js';

/** Every generated Jaeger config passes the real Jaeger's strict config check (`jaeger validate`, unknown keys are errors). */
const spec = (jaeger: string) => `apiVersion: mon/v1
project: shop
services:
  - name: api
    targets: ["127.0.0.1:8080"]
    tracing: {ratio: 0.1}
tracing:
  backend: jaeger
  jaeger: ${jaeger}
alerts: {packs: {tracing: {}}}
`;

let dir: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('mon-jaeger-config-');
});
afterAll(async () => dir?.cleanup());

const validate = (cwd: string, file = 'config.yaml') =>
  execa(findJaeger(), ['validate', '--config', `file:${file}`], { cwd, reject: false, all: true });

describe('generated Jaeger v2 config against the real jaeger validate', () => {
  for (const [name, jaeger] of [
    ['memory', '{storage: memory, maxTraces: 5000}'],
    ['badger', '{storage: badger, retention: 168h}'],
  ] as const) {
    it(`${name} storage: accepted`, async () => {
      const d = join(dir.path, name);
      await mkdir(d, { recursive: true });
      await writeFile(join(d, 'monitoring.yaml'), spec(jaeger));
      const gen = await mon(['generate', '-f', 'monitoring.yaml', '-o', 'out'], { cwd: d });
      expect(gen.exitCode, gen.stderr).toBe(0);
      const r = await validate(join(d, 'out', 'jaeger'));
      expect(r.exitCode, r.all).toBe(0);
    });
  }

  it('the check can fail: a misspelt key is refused with its place', async () => {
    const d = join(dir.path, 'memory', 'out', 'jaeger');
    await writeFile(
      join(d, 'broken.yaml'),
      (await readFile(join(d, 'config.yaml'), 'utf8')).replace('max_traces', 'max_tracez'),
    );
    const r = await validate(d, 'broken.yaml');
    expect(r.exitCode).toBe(1);
    expect(r.all).toContain("'memory' has invalid keys: max_tracez");
  });
});
