import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOnPath } from '../../src/tools/binaries.js';

/**
 * Real promtool as the oracle of the PromQL gate: Debian's 2.42 (on PATH, or MON_PROMTOOL_2) and
 * the 3.16 build of scripts/build-go-tools.sh (MON_GO_TOOLS cache, or MON_PROMTOOL_3). A missing
 * binary fails the test that needs it, with what to run.
 */
export function promtoolOf(version: '2' | '3'): string {
  const fromEnv = process.env[`MON_PROMTOOL_${version}`];
  const candidate =
    fromEnv ??
    (version === '2'
      ? findOnPath('promtool')
      : join(
          process.env.MON_GO_TOOLS ?? join(homedir(), '.cache', 'mon', 'go-tools'),
          'prometheus-3.16.0',
          'bin',
          'promtool',
        ));
  try {
    accessSync(candidate ?? '', constants.X_OK);
  } catch {
    throw new Error(
      version === '2'
        ? "promtool 2.x not found: apt-get install prometheus (Debian's 2.42), or set MON_PROMTOOL_2"
        : 'promtool 3.16 not found: run `bash scripts/build-go-tools.sh prometheus` (or set MON_PROMTOOL_3)',
    );
  }
  const v = spawnSync(candidate!, ['--version'], { encoding: 'utf8' });
  const major = /version (\d+)\./.exec(`${v.stdout}${v.stderr}`)?.[1];
  if (major !== version) throw new Error(`${candidate} is not promtool ${version}.x (${v.stdout.split('\n')[0]})`);
  return candidate!;
}

export interface Verdict {
  ok: boolean;
  /** promtool's error line for the rule, when it failed */
  error?: string;
}

/** `promtool check rules` on one rule per file, in one run: the verdict per expression. */
export function promtoolVerdicts(bin: string, exprs: string[], kind: 'alert' | 'record' = 'alert'): Verdict[] {
  const dir = mkdtempSync(join(tmpdir(), 'mon-promql-oracle-'));
  try {
    const files = exprs.map((expr, i) => {
      const f = join(dir, `r${i}.yml`);
      writeFileSync(
        f,
        JSON.stringify({ groups: [{ name: 'g', rules: [{ [kind]: kind === 'alert' ? 'A' : 'r:a', expr }] }] }),
      );
      return f;
    });
    const verdicts: Verdict[] = [];
    // promtool takes many files per run; chunks keep the command line short
    for (let i = 0; i < files.length; i += 200) {
      const chunk = files.slice(i, i + 200);
      const r = spawnSync(bin, ['check', 'rules', ...chunk], { encoding: 'utf8' });
      const out = `${r.stdout}\n${r.stderr}`;
      for (const f of chunk) {
        const section = out.split('Checking ').find((s) => s.startsWith(`${f}\n`));
        if (section === undefined) throw new Error(`promtool said nothing about ${f}:\n${out}`);
        const ok = section.includes('SUCCESS');
        verdicts.push(ok ? { ok } : { ok, error: new RegExp(`${f}: (.*)`).exec(out)?.[1] ?? section.trim() });
      }
    }
    return verdicts;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
