import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { findBinary } from '../../src/tools/binaries.js';
import { LINES } from '../helpers/lines.js';
import { join } from 'node:path';
import { execa } from 'execa';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mon, tempDir } from '../helpers/cli.js';
import { MUTATIONS, randomSpec, rng, TEXT_MUTATIONS } from '../helpers/random-spec.js';

/**
 * Property test, seeded and deterministic: random valid specs (services, packs with random
 * thresholds, custom rules, receivers, routes, inhibit rules, time intervals) generate output that
 * the real promtool (check config, check rules, test rules: mon's own unit tests pass) and amtool
 * (check-config) accept; random invalid edits of them exit 1 or 2 with a located error, never 70,
 * and write nothing. MON_PROPERTY_VALID / MON_PROPERTY_INVALID raise the counts (defaults keep
 * the suite short), MON_PROPERTY_SEED replays another sequence.
 */
const SEED = Number(process.env.MON_PROPERTY_SEED ?? 20261201);
const VALID = Number(process.env.MON_PROPERTY_VALID ?? 10);
const INVALID = Number(process.env.MON_PROPERTY_INVALID ?? 20);
const PARALLEL = 3;

let work: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  work = await tempDir('mon-property-');
});
afterAll(() => work.cleanup());

async function pool<T>(items: T[], run: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < items.length) {
        const i = next++;
        await run(items[i]!, i);
      }
    }),
  );
}
// the specs are generated for Debian's line and checked by its promtool and amtool (the 3.16 line's
// tools read what mon generates for 3.16: see test/helpers/lines.ts and the golden trees per line)
const LINE = LINES[0]!;
const tool = async (bin: 'promtool' | 'amtool', args: string[], cwd: string) => {
  const r = await execa(findBinary(bin, bin === 'promtool' ? LINE.prometheus : LINE.alertmanager).path ?? bin, args, {
    cwd,
    reject: false,
    stdin: 'ignore',
  });
  return { ok: r.exitCode === 0, out: `${r.stdout}\n${r.stderr}` };
};
const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

describe(`property: ${VALID} random valid specs (seed ${SEED})`, () => {
  it(
    'generate, and promtool and amtool accept every output; every generated unit test passes',
    { timeout: 600_000 },
    async () => {
      const r = rng(SEED);
      const specs = Array.from({ length: VALID }, (_, i) => randomSpec(r, i));
      const outs: string[] = [];
      const failures: string[] = [];
      await pool(specs, async (spec, i) => {
        const dir = join(work.path, `valid-${i}`);
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, 'monitoring.yaml'), stringify(spec));
        const g = await mon(['generate', '-f', 'monitoring.yaml', '-o', 'out'], { cwd: dir, env: LINE.env });
        if (g.exitCode !== 0) failures.push(`valid-${i}: mon generate exited ${g.exitCode}: ${g.stderr}`);
        else outs[i] = join(dir, 'out');
      });
      const generated = outs.filter(Boolean);
      // One tool run over every output where the tool takes many files; file names say which spec.
      const configs = generated.map((o) => join(o, 'prometheus/prometheus.yml'));
      const rules = (
        await Promise.all(
          generated.map(async (o) =>
            (await readdir(join(o, 'prometheus/rules')).catch(() => [])).map((f) => join(o, 'prometheus/rules', f)),
          ),
        )
      ).flat();
      const ams = generated.map((o) => join(o, 'alertmanager/alertmanager.yml'));
      const checks = [
        await tool('promtool', ['check', 'config', '--syntax-only', ...configs], work.path),
        ...(rules.length ? [await tool('promtool', ['check', 'rules', ...rules], work.path)] : []),
        ...(await Promise.all(
          ams.map(async (a) =>
            (await exists(a)) ? tool('amtool', ['check-config', a], work.path) : { ok: true, out: '' },
          ),
        )),
      ];
      for (const c of checks) if (!c.ok) failures.push(c.out);
      let tests = 0;
      await pool(generated, async (o) => {
        const dir = join(o, 'prometheus/tests');
        const files = await readdir(dir).catch(() => [] as string[]);
        tests += files.length;
        if (!files.length) return;
        const t = await tool('promtool', ['test', 'rules', ...files], dir);
        if (!t.ok) failures.push(`${o}: ${t.out.slice(0, 3000)}`);
      });
      expect(failures).toEqual([]);
      expect(generated.length).toBe(VALID);
      expect(rules.length).toBeGreaterThan(VALID / 2);
      expect(tests).toBeGreaterThan(VALID / 2);
      console.log(
        `property: ${generated.length} valid specs, ${rules.length} rule files, ${tests} unit-test files, ${ams.length} Alertmanager configs: all accepted`,
      );
    },
  );
});

describe(`property: ${INVALID} random invalid edits (seed ${SEED})`, () => {
  it('exit 1 or 2 with a located error, never 70, nothing written', { timeout: 600_000 }, async () => {
    const r = rng(SEED + 1);
    const cases = Array.from({ length: INVALID }, (_, i) => {
      const spec = randomSpec(r, 1000 + i);
      const text = r() < 0.25 ? TEXT_MUTATIONS[Math.floor(r() * TEXT_MUTATIONS.length)]! : undefined;
      const edits = text
        ? []
        : Array.from({ length: 1 + Math.floor(r() * 3) }, () => MUTATIONS[Math.floor(r() * MUTATIONS.length)]!);
      for (const [, edit] of edits) edit(spec, r);
      const yaml = text ? text[1](stringify(spec), r) : stringify(spec);
      return { name: text ? text[0] : edits.map((e) => e[0]).join(' + '), yaml };
    });
    const failures: string[] = [];
    const kinds = new Map<string, number>();
    await pool(cases, async (c, i) => {
      const dir = join(work.path, `invalid-${i}`);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'monitoring.yaml'), c.yaml);
      const g = await mon(['generate', '-f', 'monitoring.yaml', '-o', 'out'], { cwd: dir, env: LINE.env });
      const located = g.stderr.split('\n').some((l) => /^monitoring\.yaml:\d+:\d+ /.test(l));
      if (![1, 2].includes(g.exitCode) || !located || g.stdout !== '' || (await exists(join(dir, 'out')))) {
        failures.push(
          `invalid-${i} (${c.name}): exit ${g.exitCode}, located ${located}, out written ${await exists(join(dir, 'out'))}\n${g.stderr.slice(0, 800)}`,
        );
      }
      kinds.set(c.name, (kinds.get(c.name) ?? 0) + 1);
      await rm(dir, { recursive: true, force: true });
    });
    expect(failures).toEqual([]);
    console.log(`property: ${cases.length} invalid edits (${kinds.size} kinds), each refused with a located error`);
  });
});
