import { mkdir, readdir, readFile, writeFile, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mon, ROOT, tempDir, treeHashes } from '../helpers/cli.js';

/**
 * The bad-input catalogue: every spec in test/fixtures/specs/invalid fails for one reason, with
 * the exact located diagnostic in expected.json, exit code 1, and the output directory untouched.
 */
const DIR = join(ROOT, 'test/fixtures/specs/invalid');
const expected = JSON.parse(await readFile(join(DIR, 'expected.json'), 'utf8')) as Record<
  string,
  { exit: number; diagnostics: string[] }
>;

let work: { path: string; cleanup: () => Promise<void> };
let out: string;
let before: Record<string, string>;

beforeAll(async () => {
  work = await tempDir();
  // A previous good generation that a failed run must leave exactly as it is.
  await copyFile(join(ROOT, 'examples/mystocks/monitoring.yaml'), join(work.path, 'good.yaml'));
  out = join(work.path, 'out');
  const r = await mon(['generate', '-f', 'good.yaml', '--out', out], { cwd: work.path });
  expect(r.exitCode).toBe(0);
  before = await treeHashes(out);
  expect(Object.keys(before).length).toBeGreaterThan(2);
});
afterAll(() => work.cleanup());

const diagnosticsOf = (stderr: string, file: string) =>
  stderr.split('\n').filter((l) => l.startsWith(`${file}:`) || l.startsWith(`${file} `));

describe('invalid specs', () => {
  it('the catalogue has at least 25 specs and every one has an expectation', async () => {
    const files = (await readdir(DIR)).filter((f) => f.endsWith('.yaml')).sort();
    expect(files.length).toBeGreaterThanOrEqual(25);
    expect(Object.keys(expected).sort()).toEqual(files);
  });

  for (const [file, want] of Object.entries(expected)) {
    it(`${file}: ${want.diagnostics[0]?.replace(`${file}:`, '') ?? ''}`, async () => {
      expect(want.diagnostics.length).toBeGreaterThan(0);
      const r = await mon(['generate', '-f', file, '--out', out], { cwd: DIR });
      expect(r.exitCode).toBe(want.exit);
      expect(diagnosticsOf(r.stderr, file)).toEqual(want.diagnostics);
      expect(r.stderr).toContain('nothing was written');
      expect(r.stdout).toBe('');
      expect(await treeHashes(out)).toEqual(before);
    });
  }

  it('validate reports the same diagnostics and exit code as generate', async () => {
    const file = 'timeout-above-interval.yaml';
    const r = await mon(['validate', '-f', file], { cwd: DIR });
    expect(r.exitCode).toBe(1);
    expect(diagnosticsOf(r.stderr, file)).toEqual(expected[file]!.diagnostics);
    expect(r.stdout).toMatch(/FAIL spec/);
    expect(r.stdout).toMatch(/skip promtool-config +the spec has errors/);
  });

  it('--json puts the located diagnostics on stdout', async () => {
    const r = await mon(['generate', '-f', 'misspelt-service-key.yaml', '--out', out, '--json'], { cwd: DIR });
    expect(r.exitCode).toBe(1);
    const body = JSON.parse(r.stdout);
    expect(body).toMatchObject({ ok: false, exitCode: 1 });
    expect(body.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: 'misspelt-service-key.yaml',
        line: 6,
        col: 5,
        path: 'services[0].scrapeIntervall',
      }),
    ]);
  });

  it('a missing file', async () => {
    const r = await mon(['generate', '-f', 'no-such-file.yaml', '--out', out], { cwd: DIR });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('no-such-file.yaml file not found');
    expect(r.stderr).toContain('hint: create one with `mon init`');
    expect(await treeHashes(out)).toEqual(before);
  });

  it('a directory given as the spec', async () => {
    const dir = join(work.path, 'specdir');
    await mkdir(dir);
    const r = await mon(['generate', '-f', 'specdir', '--out', out], { cwd: work.path });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('specdir is a directory, not a spec file');
    expect(r.stderr).toContain('hint: pass the spec inside it, e.g. -f specdir/monitoring.yaml');
    expect(await treeHashes(out)).toEqual(before);
  });

  it('a binary file', async () => {
    await writeFile(
      join(work.path, 'binary.yaml'),
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0xff, 0xfe]),
    );
    const r = await mon(['generate', '-f', 'binary.yaml', '--out', out], { cwd: work.path });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('binary.yaml is a binary file (it contains NUL bytes), not YAML');
    expect(await treeHashes(out)).toEqual(before);
  });

  it('a file that is not UTF-8', async () => {
    await writeFile(join(work.path, 'latin1.yaml'), Buffer.from('project: caf\xe9\n', 'latin1'));
    const r = await mon(['generate', '-f', 'latin1.yaml', '--out', out], { cwd: work.path });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('latin1.yaml is not valid UTF-8 text');
  });

  it('a 10 MB file', async () => {
    const line = '# padding padding padding padding padding padding padding padding padding padding\n';
    await writeFile(join(work.path, 'huge.yaml'), line.repeat(Math.ceil((10 * 1024 * 1024) / line.length)));
    const r = await mon(['generate', '-f', 'huge.yaml', '--out', out], { cwd: work.path });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('huge.yaml is 10.0 MiB; a spec may be at most 5 MiB');
    expect(await treeHashes(out)).toEqual(before);
  });

  it('collects every problem of a phase in one pass', async () => {
    await writeFile(
      join(work.path, 'many.yaml'),
      [
        'apiVersion: mon/v1',
        'project: shop',
        'prometheus:',
        '  scrapeInterval: soon',
        'services:',
        '  - name: api',
        '    targets: [":80"]',
        '    runtime: rust',
        '  - nme: worker',
        '    targets: ["127.0.0.1:9000"]',
        '',
      ].join('\n'),
    );
    const r = await mon(['generate', '-f', 'many.yaml', '--out', out], { cwd: work.path });
    expect(r.exitCode).toBe(1);
    expect(diagnosticsOf(r.stderr, 'many.yaml')).toEqual([
      'many.yaml:4:19 prometheus.scrapeInterval: must be a duration like 30s, 5m, 1h30m or 15d (units y w d h m s ms, largest first), got "soon"',
      'many.yaml:7:15 services[0].targets[0]: must be host:port, like 127.0.0.1:8000, got ":80"',
      'many.yaml:8:14 services[0].runtime: must be one of python, go, node, jvm, other, got "rust"',
      'many.yaml:9:5 services[1].nme: unknown key "nme"; did you mean "name"?',
    ]);
    expect(r.stderr).toContain('error: 4 errors in many.yaml; nothing was written');
  });

  it('never prints a secret value given inline, even in an error', async () => {
    const sentinel = 'S3NT1NEL-do-not-print';
    await writeFile(
      join(work.path, 'secret.yaml'),
      `apiVersion: mon/v1\nproject: shop\nservices:\n  - name: api\n    targets: ["127.0.0.1:8080"]\n    auth:\n      bearer: "${sentinel}"\n`,
    );
    for (const args of [['generate', '--out', out], ['validate'], ['generate', '--out', out, '--json']]) {
      const r = await mon([...args, '-f', 'secret.yaml'], { cwd: work.path });
      expect(r.exitCode).toBe(1);
      expect(r.stderr + r.stdout).not.toContain(sentinel);
      expect(r.stderr + r.stdout).toContain('must be a secret reference');
    }
  });
});
