import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planTree, writeTree } from '../../../src/artifacts/write.js';
import { tempDir, treeHashes } from '../../helpers/cli.js';

const manifest = { path: 'manifest.json', content: '{"generator":"mon","version":"0","files":[]}\n' };
let tmp: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => (tmp = await tempDir()));
afterEach(() => tmp.cleanup());

describe('writeTree', () => {
  it('writes a new tree and reports every file added', async () => {
    const out = join(tmp.path, 'a/b/out');
    const changes = await writeTree(out, [manifest, { path: 'x/y.yml', content: 'y\n' }]);
    expect(changes.map((c) => [c.path, c.status])).toEqual([
      ['manifest.json', 'added'],
      ['x/y.yml', 'added'],
    ]);
    expect(await readFile(join(out, 'x/y.yml'), 'utf8')).toBe('y\n');
  });

  it('replaces the tree: changed, unchanged and removed files', async () => {
    const out = join(tmp.path, 'out');
    await writeTree(out, [manifest, { path: 'a.yml', content: 'a\n' }, { path: 'old.yml', content: 'o\n' }]);
    const changes = await writeTree(out, [manifest, { path: 'a.yml', content: 'A\n' }]);
    expect(changes.map((c) => [c.path, c.status])).toEqual([
      ['a.yml', 'changed'],
      ['manifest.json', 'unchanged'],
      ['old.yml', 'removed'],
    ]);
    expect(Object.keys(await treeHashes(out))).toEqual(['a.yml', 'manifest.json']);
    expect((await readdir(tmp.path)).sort()).toEqual(['out']); // no temporary directories left
  });

  it('leaves the old tree exactly as it was when writing fails midway', async () => {
    const out = join(tmp.path, 'out');
    await writeTree(out, [manifest, { path: 'a.yml', content: 'a\n' }]);
    const before = await treeHashes(out);
    // 'a.yml' as a file and as a directory: the second write fails after the first succeeded
    await expect(
      writeTree(out, [manifest, { path: 'b.yml', content: 'b\n' }, { path: 'b.yml/c', content: 'c\n' }]),
    ).rejects.toThrow();
    expect(await treeHashes(out)).toEqual(before);
    expect((await readdir(tmp.path)).sort()).toEqual(['out']);
  });

  it('refuses to replace a directory mon did not write', async () => {
    const out = join(tmp.path, 'mine');
    await mkdir(out);
    await writeFile(join(out, 'precious.txt'), 'keep me');
    await expect(writeTree(out, [manifest])).rejects.toThrow(/not empty and was not written by mon/);
    expect(await readFile(join(out, 'precious.txt'), 'utf8')).toBe('keep me');
  });

  it('plans without writing', async () => {
    const out = join(tmp.path, 'out');
    const plan = await planTree(out, [manifest]);
    expect(plan).toEqual([{ path: 'manifest.json', status: 'added', bytes: manifest.content.length }]);
    expect(await treeHashes(out)).toEqual({});
  });
});
