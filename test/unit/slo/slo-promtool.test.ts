import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toYaml } from '../../../src/artifacts/serialize.js';
import { testFile } from '../../../src/generators/prometheus/tests.js';
import { ruleFileText } from '../../../src/generators/prometheus/rules.js';
import type { RuleGroup } from '../../../src/model/types.js';
import { sloRuleGroups } from '../../../src/slo/rules.js';
import type { SloSpec } from '../../../src/slo/types.js';
import { promtoolOf } from '../../helpers/promtool-oracle.js';

/**
 * The generated tests of SLO burn-rate alerts, run by real promtool on both version lines, and
 * mutated rules that the same tests must catch (a wrong factor, a wrong window).
 */
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function write(group: RuleGroup, mutate: (rules: string) => string = (x) => x): string {
  const dir = mkdtempSync(join(tmpdir(), 'mon-slo-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'rules'));
  mkdirSync(join(dir, 'tests'));
  writeFileSync(join(dir, 'rules', `${group.name}.yml`), mutate(ruleFileText(group, 'monitoring.yaml')));
  writeFileSync(join(dir, 'tests', `${group.name}.test.yml`), toYaml(testFile(group), '# test\n'));
  return join(dir, 'tests', `${group.name}.test.yml`);
}

function promtoolTest(bin: string, file: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(bin, ['test', 'rules', file]);
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

const availability: SloSpec = {
  name: 'availability',
  service: 'api',
  objective: 99.9,
  sli: { events: { good: 'http_requests_total{code!~"5.."}', total: 'http_requests_total' } },
};
const latency: SloSpec = {
  name: 'latency',
  service: 'api',
  objective: 99,
  window: '28d',
  sli: { latency: { histogram: 'http_request_duration_seconds{route!="/health"}', threshold: 2 } },
};
const [availabilityGroup, latencyGroup] = sloRuleGroups('demo', [availability, latency]);

describe('generated SLO tests', () => {
  it('cover each window pair: fires at twice its factor, silent at 0.9 of it', () => {
    const names = availabilityGroup!.rules.flatMap((r) => r.tests.map((t) => t.name));
    expect(names).toEqual([
      'ApiAvailabilityBudgetBurnPage: 28.8x the budget after 6h all good fires by 1h/5m about 30m in, not 15m in',
      'ApiAvailabilityBudgetBurnPage: 12.96x the budget (0.9 of 14.4) stays silent for a whole 1h',
      'ApiAvailabilityBudgetBurnPage: 12x the budget after 6h all good fires by 6h/30m about 3h in, not 2h15m in',
      'ApiAvailabilityBudgetBurnPage: 5.4x the budget (0.9 of 6) stays silent for a whole 6h',
      'ApiAvailabilityBudgetBurnTicket: 6x the budget after 3d all good fires by 1d/2h about 12h in, not 9h30m in',
      'ApiAvailabilityBudgetBurnTicket: 2.7x the budget (0.9 of 3) stays silent for a whole 1d',
      'ApiAvailabilityBudgetBurnTicket: 2x the budget after 3d all good fires by 3d/6h about 1d12h in, not 1d4h45m in',
      'ApiAvailabilityBudgetBurnTicket: 0.9x the budget (0.9 of 1) stays silent for a whole 3d',
    ]);
    // the latency SLI reads the bucket at its threshold (both spellings of le) and the count
    expect(latencyGroup!.rules[0]).toMatchObject({
      expr: '1 - (sum(rate(http_request_duration_seconds_bucket{route!="/health",le=~"2|2\\\\.0"}[5m])) / sum(rate(http_request_duration_seconds_count{route!="/health"}[5m])))',
    });
  });

  for (const version of ['2', '3'] as const) {
    it(`pass on promtool ${version === '2' ? '2.42' : '3.16'} (events over 30d, latency over 28d)`, async () => {
      const bin = promtoolOf(version);
      const runs = await Promise.all([availabilityGroup!, latencyGroup!].map((g) => promtoolTest(bin, write(g))));
      for (const r of runs) expect(r.out).toContain('SUCCESS');
      expect(runs.map((r) => r.code)).toEqual([0, 0]);
    }, 120_000);
  }

  it('catch a wrong factor and a wrong window (promtool 2.42)', async () => {
    const bin = promtoolOf('2');
    const [pageOnly] = sloRuleGroups('demo', [{ ...availability, alerts: { ticket: { enabled: false } } }]);
    const factor = await promtoolTest(
      bin,
      write(pageOnly!, (t) => t.replaceAll('(6 * 0.001)', '(5 * 0.001)')),
    );
    expect(factor.code).toBe(1);
    expect(factor.out).toContain(
      'name: ApiAvailabilityBudgetBurnPage: 5.4x the budget (0.9 of 6) stays silent for a whole 6h,',
    );
    expect(factor.out).not.toContain('name: ApiAvailabilityBudgetBurnPage: 28.8x');
    const window = await promtoolTest(
      bin,
      write(pageOnly!, (t) =>
        t.replace(
          'slo:sli_error:ratio_rate6h{slo_id="api-availability"} > (6',
          'slo:sli_error:ratio_rate2h{slo_id="api-availability"} > (6',
        ),
      ),
    );
    expect(window.code).toBe(1);
    expect(window.out).toContain(
      'name: ApiAvailabilityBudgetBurnPage: 12x the budget after 6h all good fires by 6h/30m about 3h in, not 2h15m in,',
    );
  }, 120_000);
});
