import { createServer, type Server } from 'node:http';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mon, tempDir } from '../helpers/cli.js';
import { LINES, requireLine } from '../helpers/lines.js';
import { alive, freePort, statePids } from '../helpers/stack.js';

/**
 * A fire drill with a short escalation, on each version line: real Prometheus and Alertmanager
 * deployed by mon, an alert that fires at once, and a 1-minute escalation tier. The first
 * receiver gets the alert; after the tier's minute firing unresolved the escalation receiver gets
 * the tier's alert (and the first receiver does not).
 */
interface Delivery {
  path: string;
  at: number;
  alerts: Array<{ labels: Record<string, string>; status: string }>;
}

describe.each(LINES)('escalation drill: $name', (line) => {
  let tmp: { path: string; cleanup: () => Promise<void> };
  let sink: Server;
  const deliveries: Delivery[] = [];
  const seen = new Set<number>();
  let spec: string;
  let stack: string;
  const run = (args: string[]) => mon([...args, '-f', spec, '--stack-dir', stack], { cwd: tmp.path, env: line.env });

  beforeAll(async () => {
    requireLine(line);
    tmp = await tempDir('mon-escalation-');
    const [prometheus, alertmanager, app] = [await freePort(), await freePort(), await freePort()];
    sink = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        if (req.method === 'POST')
          deliveries.push({ path: req.url ?? '', at: Date.now(), alerts: JSON.parse(body).alerts ?? [] });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => sink.listen(app, '127.0.0.1', r));
    spec = join(tmp.path, 'monitoring.yaml');
    stack = join(tmp.path, 'stack');
    await writeFile(
      spec,
      `apiVersion: mon/v1
project: drill
prometheus: {port: ${prometheus}, scrapeInterval: 5s, evaluationInterval: 5s}
alertmanager: {port: ${alertmanager}}
exporters: {node: {enabled: false}}
services: [{name: sink, runtime: other, targets: ["127.0.0.1:${app}"]}]
alerts:
  rules:
    - alert: DrillDown
      expr: vector(1)
      severity: critical
      summary: drill
      escalate: [{after: 1m, receiver: management}]
notifications:
  receivers:
    - {name: oncall, webhook: {url: "http://127.0.0.1:${app}/oncall"}}
    - {name: management, webhook: {url: "http://127.0.0.1:${app}/management"}}
  route: {receiver: oncall, groupWait: 1s, groupInterval: 5s, repeatInterval: 1h}
`,
    );
  });

  afterAll(async () => {
    (await statePids(stack)).forEach((p) => seen.add(p));
    await run(['down']);
    sink?.close();
    const left = [...seen].filter(alive);
    await tmp.cleanup();
    expect(left, 'processes left behind').toEqual([]);
  });

  it('notifies oncall at once and management after the tier minute, by the generated rule and route', async () => {
    const r = await run(['deploy', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const deployed = Date.now();
    (await statePids(stack)).forEach((p) => seen.add(p));
    const firing = (path: string, alertname: string) =>
      deliveries.find(
        (d) => d.path === path && d.alerts.some((a) => a.labels.alertname === alertname && a.status === 'firing'),
      );
    const deadline = Date.now() + 150_000;
    while (Date.now() < deadline && !firing('/management', 'DrillDownEscalated1'))
      await new Promise((res) => setTimeout(res, 1000));
    const first = firing('/oncall', 'DrillDown');
    const escalated = firing('/management', 'DrillDownEscalated1');
    expect(first, JSON.stringify(deliveries)).toBeDefined();
    expect(escalated, JSON.stringify(deliveries)).toBeDefined();
    expect(escalated!.alerts[0]!.labels).toMatchObject({
      escalated_alert: 'DrillDown',
      escalation: 'rule-DrillDown',
      escalation_tier: '1',
      escalate_to: 'management',
      severity: 'critical',
    });
    // the tier's `for: 1m` held: the alert cannot fire before the deploy, its escalation not within a minute of it
    expect(escalated!.at - deployed).toBeGreaterThanOrEqual(60_000);
    // the tier's route has no continue: oncall never got the escalation, management never got the original
    expect(
      deliveries.filter((d) => d.path === '/oncall').flatMap((d) => d.alerts.map((a) => a.labels.alertname)),
    ).not.toContain('DrillDownEscalated1');
    expect(
      deliveries.filter((d) => d.path === '/management').flatMap((d) => d.alerts.map((a) => a.labels.alertname)),
    ).not.toContain('DrillDown');
    console.log(
      `${line.name}: after the deploy, oncall notified at ${((first!.at - deployed) / 1000).toFixed(1)} s, management (the escalation) at ${((escalated!.at - deployed) / 1000).toFixed(1)} s`,
    );
  }, 200_000);
});
