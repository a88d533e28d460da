import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** binaryVersion remembers what a native binary said across runs (a fresh module is a new run). */
describe('binaryVersion across runs', () => {
  let cache: string;
  const before = process.env.MON_CACHE_DIR;
  const promtool = execFileSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).trim();
  const fresh = async () => {
    vi.resetModules();
    return import('../../../src/tools/binaries.js');
  };
  const file = () => join(cache, 'binary-versions.json');
  beforeEach(() => {
    cache = mkdtempSync(join(tmpdir(), 'mon-versions-'));
    process.env.MON_CACHE_DIR = cache;
  });
  afterEach(() => {
    if (before === undefined) delete process.env.MON_CACHE_DIR;
    else process.env.MON_CACHE_DIR = before;
    rmSync(cache, { recursive: true, force: true });
  });

  it('asks a native binary once, then reads the answer (keyed by the file: path, size, times, inode)', async () => {
    expect(promtool, 'promtool must be on PATH (Debian prometheus package)').not.toBe('');
    const said = /version (\d+\.\d+\.\d+)/.exec(execFileSync(promtool, ['--version'], { encoding: 'utf8' }))![1]!;
    expect((await fresh()).binaryVersion(promtool)?.text).toBe(said);
    const saved = JSON.parse(readFileSync(file(), 'utf8')) as Record<string, string>;
    const keys = Object.keys(saved);
    expect(keys).toHaveLength(1);
    expect(keys[0]!.startsWith(`${promtool}@`) || keys[0]!.includes('promtool@')).toBe(true);
    expect(saved[keys[0]!]).toBe(said);
    // the next run believes the file: proven by a planted answer
    writeFileSync(file(), JSON.stringify({ [keys[0]!]: '9.8.7' }));
    expect((await fresh()).binaryVersion(promtool)?.text).toBe('9.8.7');
  });

  it('never remembers a script (a shim may answer differently with the same bytes)', async () => {
    const script = join(cache, 'prometheus');
    writeFileSync(script, '#!/bin/sh\necho "prometheus, version 2.99.1 (stand-in)"\n');
    chmodSync(script, 0o755);
    expect((await fresh()).binaryVersion(script)?.text).toBe('2.99.1');
    expect(() => readFileSync(file(), 'utf8')).toThrow(/ENOENT/);
  });
});
