import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mon, ROOT, tempDir } from '../helpers/cli.js';

/** pint-style lints and the grouped default-receiver warning: exact, located, acknowledgeable. */
const FIXTURE = join(ROOT, 'test/fixtures/specs/lints/monitoring.yaml');
let work: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  work = await tempDir('mon-lints-');
});
afterAll(() => work.cleanup());

const warnings = (stderr: string) =>
  stderr.split('\n').filter((l) => l.includes(': warning: ') && !l.includes('untested rule'));

describe('lints', () => {
  it('warns at the rule, once per finding, and not where the rule acknowledges it', async () => {
    const r = await mon(['generate', '--dry-run', '-f', FIXTURE]);
    expect(r.exitCode, r.stderr).toBe(0);
    const f = 'test/fixtures/specs/lints/monitoring.yaml';
    expect(warnings(r.stderr).map((l) => l.replace(ROOT, ''))).toEqual([
      `${f}:8:13 alerts.rules[0].expr: warning: QueueRate: rate() of queue_depth, which is not named like a counter (_total, _count, _sum, _bucket): rate() of a gauge is meaningless; use deriv() or delta() for a gauge [rate-non-counter]`,
      `${f}:13:13 alerts.rules[2].expr: warning: SlowNoRate: histogram_quantile() of buckets without rate(): the quantile of counts since each process started, not of recent observations; write histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m]))) [histogram-quantile-rate]`,
      `${f}:15:13 alerts.rules[3].expr: warning: SlowNoLe: histogram_quantile() needs the le label, which sum by (job) drops: the result is always empty; write sum by (job, le) [histogram-quantile-le]`,
      `${f}:18:12 alerts.rules[4].for: warning: Flappy: for: 10s is shorter than the scrape interval (30s): the alert fires on a single scrape; use for: 0 or at least one scrape interval [for-shorter-than-scrape]`,
    ]);
    expect(r.stderr).toContain(
      '  hint: if it is meant, acknowledge it on the rule: lint: {ignore: [rate-non-counter]}',
    );
  });

  it('refuses an unknown lint name in lint.ignore', async () => {
    const spec = join(work.path, 'bad.yaml');
    await writeFile(
      spec,
      (await readFile(FIXTURE, 'utf8')).replace('ignore: [rate-non-counter]', 'ignore: [rate-noncounter]'),
    );
    const r = await mon(['generate', '--dry-run', '-f', spec]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('alerts.rules[1].lint.ignore[0]:');
    expect(r.stderr).toContain('did you mean "rate-non-counter"?');
  });
});

const ROUTED = `apiVersion: mon/v1
project: shop
services: [{name: api, targets: ["127.0.0.1:1"]}]
alerts:
  packs:
    backend: {service: api}
notifications:
  receivers: [{name: pager, webhook: {url: "http://127.0.0.1:1/"}}]
  route:
    receiver: pager
    routes: [{matchers: ['severity="critical"'], receiver: pager}]
`;

describe('alerts that reach only the default receiver', () => {
  it('are one warning, at the route', async () => {
    const spec = join(work.path, 'routed.yaml');
    await writeFile(spec, ROUTED);
    const r = await mon(['generate', '--dry-run', '-f', spec]);
    expect(warnings(r.stderr)).toEqual([
      `${spec}:9:3 notifications.route: warning: 3 alerts match no route and reach only the default receiver "pager": BackendHighMemoryUsage, BackendHighCPUUsage, BackendVirtualMemoryHigh`,
    ]);
  });

  it('are silenced by an expectation that says so (and amtool confirms it in validate)', async () => {
    const spec = join(work.path, 'expected.yaml');
    await writeFile(spec, `${ROUTED}  expect:\n    - {labels: {severity: warning}, receivers: [pager]}\n`);
    const r = await mon(['generate', '--dry-run', '-f', spec]);
    expect(warnings(r.stderr)).toEqual([]);
  });
});
