import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mon, ROOT, tempDir } from '../helpers/cli.js';
import { LINES, requireLine } from '../helpers/lines.js';

let tmp: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => (tmp = await tempDir()));
afterEach(() => tmp.cleanup());

const example = join(ROOT, 'examples/mystocks/monitoring.yaml');

describe.each(LINES)('mon test on $name', (line) => {
  beforeAll(() => requireLine(line));
  it('runs a unit test for each of the 24 rules of examples/mystocks, per group, with JUnit', async () => {
    const junit = join(tmp.path, 'rules.xml');
    const r = await mon(['test', '-f', example, '--junit', junit], { env: line.env });
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('mystocks_backend_alerts: 7 of 7 rules pass');
    expect(r.stdout).toContain('mystocks_system_alerts: 1 of 1 rule pass');
    expect(r.stdout).toContain('mystocks_tracing_alerts: 8 of 8 rules pass');
    expect(r.stdout).toContain('mystocks_business_alerts: 8 of 8 rules pass');
    expect(r.stderr).toContain('24 passed, 0 failed');
    const xml = await readFile(junit, 'utf8');
    expect(xml).toContain('<testsuites name="mon" tests="24" failures="0" skipped="0"');
    expect(xml.match(/<testsuite /g)).toHaveLength(4);
    expect(xml).toContain(
      '<testcase classname="mystocks_tracing_alerts" name="mystocks_tracing_alerts/ServiceGraphMetricsMissing: ServiceGraphMetricsMissing (mystocks_tracing_alerts)"',
    );
  });

  it('reports a failing custom test against its rule, in JSON, and exits 1', async () => {
    const spec = join(tmp.path, 'm.yaml');
    await writeFile(
      spec,
      [
        'apiVersion: mon/v1',
        'project: shop',
        'services: [{name: api, targets: ["127.0.0.1:1"]}]',
        'alerts:',
        '  rules:',
        '    - alert: QueueBacklog',
        '      expr: queue_depth > 1000',
        '      for: 5m',
        '      test:',
        `        series: [{series: 'queue_depth{queue="a"}', values: '2000x10'}]`,
        '        expect: [{at: 3m, alerts: [{labels: {queue: a}}]}]   # wrong: pending until 5m',
        '    - alert: QueueEmpty',
        '      expr: queue_depth == 0',
        '      test:',
        `        series: [{series: 'queue_depth{queue="a"}', values: '0x3'}]`,
        '        expect: [{at: 1m, alerts: [{labels: {queue: a}}]}]',
        '    - alert: Untested',
        '      expr: up == 0',
        '',
      ].join('\n'),
    );
    const r = await mon(['test', '-f', spec, '--json'], { env: line.env });
    expect(r.exitCode).toBe(1);
    const body = JSON.parse(r.stdout);
    expect(body).toMatchObject({ ok: false, command: 'test', exitCode: 1 });
    const rules = body.groups[0].rules;
    expect(rules.map((x: { rule: string; status: string }) => [x.rule, x.status])).toEqual([
      ['QueueBacklog', 'fail'],
      ['QueueEmpty', 'pass'],
      ['Untested', 'skip'],
    ]);
    expect(rules[0].details).toContain('QueueBacklog: test from the spec');
    expect(rules[0].details).toContain('alertname: QueueBacklog, time: 3m');
    expect(r.stderr).toContain('m.yaml:17:14 alerts.rules[2].alert: warning: untested rule');
  });

  it('validate runs the unit tests too', async () => {
    const r = await mon(['validate', '-f', example], { env: line.env });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/ok {3}promtool-test +24 rules tested, all pass/);
  });
});

describe('mon test', () => {
  it('exits 3 with what to install when promtool is missing', async () => {
    const bin = join(tmp.path, 'bin');
    await mkdir(bin);
    await symlink(process.execPath, join(bin, 'node'));
    const r = await mon(['test', '-f', example], { env: { PATH: bin, MON_GO_TOOLS: join(bin, 'none') } });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain("hint: install Debian's `prometheus` package");
  });
});
