import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { mon, ROOT } from '../helpers/cli.js';

/**
 * examples/platform end to end, as its README section runs it: run.mjs starts a real Redis, a
 * real MariaDB and the example's Node app; `mon up` generates, validates, deploys Prometheus,
 * Alertmanager, node_exporter, blackbox_exporter, redis_exporter and mysqld_exporter, and
 * verifies (targets, rules, series, drift, a fire drill) with nothing failing. Fixed ports
 * (the example's): 16379, 13306, 18000, 290xx.
 */
const SPEC = 'examples/platform/monitoring.yaml';
afterAll(async () => {
  await mon(['down', '-f', SPEC]);
  await execa(process.execPath, ['examples/platform/run.mjs', '--stop'], { cwd: ROOT, reject: false });
}, 60_000);

describe('examples/platform', () => {
  it('run.mjs starts real Redis, MariaDB and the app, and mon up ends green', async () => {
    const run = await execa(process.execPath, ['examples/platform/run.mjs'], { cwd: ROOT, reject: false });
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('platform app /health: healthy (redis healthy, database healthy)');
    const up = await mon(['up', '-f', SPEC, '--json']);
    expect(up.exitCode, up.stderr.slice(-3000)).toBe(0);
    const report = JSON.parse(up.stdout) as { ok: boolean; verify?: { checks: Array<{ id: string; status: string }> } };
    expect(report.ok).toBe(true);
    const checks = report.verify?.checks ?? [];
    expect(checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual([]);
    for (const id of ['targets.redis', 'targets.mysql', 'targets.probe-myplatform-app-health', 'drill.notification'])
      expect(checks.find((c) => c.id === id)?.status, id).toBe('pass');
  }, 300_000);
});
