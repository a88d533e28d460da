import { execa } from 'execa';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editScript, firstChangedLine, unifiedDiff } from '../../../src/diff/unified.js';

/** GNU diff -u on the same two texts: the hunks (without the header's names and dates) must be ours. */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mon-unified-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function gnu(a: string, b: string): Promise<string> {
  await writeFile(join(dir, 'a'), a);
  await writeFile(join(dir, 'b'), b);
  const r = await execa('diff', ['-u', join(dir, 'a'), join(dir, 'b')], { reject: false });
  if (r.exitCode === 2 || r.exitCode === undefined) throw new Error(`diff failed: ${r.stderr}`);
  return r.stdout.split('\n').slice(2).join('\n');
}
async function patched(a: string, diff: string): Promise<string> {
  await writeFile(join(dir, 'p'), a);
  const r = await execa('patch', ['--quiet', '--no-backup-if-mismatch', join(dir, 'p')], {
    input: diff,
    reject: false,
  });
  if (r.exitCode !== 0) throw new Error(`patch refused our diff: ${r.stdout} ${r.stderr}\n${diff}`);
  const { readFile } = await import('node:fs/promises');
  return readFile(join(dir, 'p'), 'utf8');
}
const ours = (a: string, b: string) => unifiedDiff('a', 'b', a, b).split('\n').slice(2).join('\n').replace(/\n$/, '');

const lines = (n: number, f: (i: number) => string) => `${Array.from({ length: n }, (_, i) => f(i)).join('\n')}\n`;
/** A seeded pseudo-random sequence (mulberry32), so every run edits the same lines. */
function random(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a', 'b', 'x\n', 'x\n')).toBe('');
  });

  it('writes an added and a removed file against /dev/null, as git does', () => {
    expect(unifiedDiff('f', 'f', undefined, 'one\ntwo\n')).toBe('--- /dev/null\n+++ f\n@@ -0,0 +1,2 @@\n+one\n+two\n');
    expect(unifiedDiff('f', 'f', 'one\n', undefined)).toBe('--- f\n+++ /dev/null\n@@ -1 +0,0 @@\n-one\n');
  });

  const cases: Array<[string, string, string]> = [
    ['one line changed in the middle', lines(20, (i) => `l${i}`), lines(20, (i) => (i === 10 ? 'changed' : `l${i}`))],
    ['lines added at the start and end', lines(5, (i) => `l${i}`), `new\n${lines(5, (i) => `l${i}`)}end\n`],
    ['two hunks far apart', lines(40, (i) => `l${i}`), lines(40, (i) => (i === 3 || i === 35 ? `x${i}` : `l${i}`))],
    [
      'two changes close enough to merge',
      lines(20, (i) => `l${i}`),
      lines(20, (i) => (i === 5 || i === 10 ? 'x' : `l${i}`)),
    ],
    ['everything replaced', lines(3, (i) => `a${i}`), lines(4, (i) => `b${i}`)],
    ['from empty', '', 'a\nb\n'],
  ];
  it.each(cases)('matches GNU diff -u: %s', async (_name, a, b) => {
    expect(ours(a, b)).toBe(await gnu(a, b));
  });

  it('matches GNU diff -u on 30 seeded random edits of a YAML file', async () => {
    const next = random(15);
    const base = lines(60, (i) => `  key${i % 7}: value${i}`);
    for (let n = 0; n < 30; n++) {
      const out = base.split('\n').slice(0, -1);
      for (let k = 0; k < 1 + Math.floor(next() * 5); k++) {
        const at = Math.floor(next() * out.length);
        const op = next();
        if (op < 0.33) out.splice(at, 1);
        else if (op < 0.66) out.splice(at, 0, `  inserted${k}: ${n}`);
        else out[at] = `  replaced${k}: ${n}`;
      }
      const b = `${out.join('\n')}\n`;
      // diff -u output is not unique where a line could pair either way; the edit count is
      const edits = (d: string) => d.split('\n').filter((l) => /^[-+]/.test(l)).length;
      const g = await gnu(base, b);
      expect(edits(ours(base, b))).toBe(edits(g));
      // and GNU patch applies our diff to the old text, giving the new one
      expect(await patched(base, unifiedDiff('a', 'b', base, b))).toBe(b);
      // and applying our script gives the new text
      const script = editScript(base.split('\n'), b.split('\n'));
      expect(script.filter((e) => e.op !== '-').map((e) => e.line)).toEqual(b.split('\n'));
      expect(script.filter((e) => e.op !== '+').map((e) => e.line)).toEqual(base.split('\n'));
    }
  });

  it('names the first line of the new side a change touches', () => {
    const d = unifiedDiff(
      'a',
      'b',
      lines(20, (i) => `l${i}`),
      lines(20, (i) => (i === 10 ? 'changed' : `l${i}`)),
    );
    expect(firstChangedLine(d)).toBe(11);
  });
});
