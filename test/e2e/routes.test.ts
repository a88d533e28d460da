import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mon, readTree, ROOT, tempDir } from '../helpers/cli.js';
import { LINES, requireLine } from '../helpers/lines.js';

let tmp: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => (tmp = await tempDir()));
afterEach(() => tmp.cleanup());

const example = join(ROOT, 'examples/mystocks/monitoring.yaml');

describe('mon routes', () => {
  it('shows every one of the 24 alerts of examples/mystocks reaching a real receiver', async () => {
    const r = await mon(['routes', '-f', example, '--json']);
    expect(r.exitCode).toBe(0);
    const alerts = JSON.parse(r.stdout).alerts as Array<{
      alert: string;
      receivers: string[];
      unrouted?: string;
      labels: Record<string, string>;
    }>;
    expect(alerts).toHaveLength(24);
    for (const a of alerts) {
      expect(a.unrouted).toBeUndefined();
      expect(a.receivers).toEqual(
        a.labels.severity === 'critical' ? ['slack-critical', 'dingtalk', 'email-ops'] : ['oncall'],
      );
    }
  });

  it('prints a table and a Mermaid tree', async () => {
    const table = await mon(['routes', '-f', example]);
    expect(table.stdout.split('\n')[0]).toMatch(/^ALERT +SEVERITY +RECEIVERS +INHIBITED BY$/);
    expect(table.stdout).toMatch(/^BackendServiceDown +critical +slack-critical, dingtalk, email-ops +-$/m);
    expect(table.stderr).toContain('24 alerts: 24 reach a receiver through a route');
    const mermaid = await mon(['routes', '-f', example, '--mermaid']);
    expect(mermaid.stdout.startsWith('graph TD\n  r0["every alert<br/>→ oncall"]')).toBe(true);
  });

  it('warns about alerts that only the default receiver catches, at the rule', async () => {
    const spec = join(tmp.path, 'm.yaml');
    await writeFile(
      spec,
      'apiVersion: mon/v1\nproject: shop\nservices: [{name: api, targets: ["127.0.0.1:1"]}]\nalerts:\n  packs:\n    system: {}\nnotifications:\n  receivers: [{name: pager, webhook: {url: "http://127.0.0.1:1/"}}]\n  route:\n    receiver: pager\n    routes: [{matchers: [\'severity="critical"\'], receiver: pager}]\n',
    );
    const r = await mon(['routes', '-f', spec]);
    expect(r.stderr).toContain(
      `${spec}:6:5 alerts.packs.system: warning: alert NodeMemoryHigh matches no route and reaches only the default receiver "pager"`,
    );
    expect(r.stdout).toMatch(/NodeMemoryHigh +warning +pager \(default only\)/);
  });
});

describe.each(LINES)('mon validate: Alertmanager, on $name', (versionLine) => {
  beforeAll(() => requireLine(versionLine));
  it('checks the config with amtool and the expectations, located in the spec', async () => {
    const spec = join(tmp.path, 'm.yaml');
    const text = (await readFile(example, 'utf8')).replace('receivers: [oncall]', 'receivers: [slack-critical]');
    await writeFile(spec, text);
    const r = await mon(['validate', '-f', spec], { env: versionLine.env });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/ok {3}amtool-config +amtool check-config alertmanager\/alertmanager.yml/);
    expect(r.stdout).toMatch(/FAIL routing +1 routing problem/);
    const line = text.split('\n').findIndex((l) => l.includes('receivers: [slack-critical]')) + 1;
    expect(r.stderr).toContain(
      `${spec}:${line}:18 notifications.expect[1].receivers: expected receivers slack-critical; amtool routes {"alertname":"BackendHighMemoryUsage","severity":"warning"} to oncall`,
    );
  });
});

describe('mon validate: Alertmanager', () => {
  it('exits 3 and says what to install when amtool is missing', async () => {
    const { mkdir, symlink } = await import('node:fs/promises');
    const bin = join(tmp.path, 'bin');
    await mkdir(bin);
    await symlink(process.execPath, join(bin, 'node'));
    await symlink('/usr/bin/promtool', join(bin, 'promtool'));
    const r = await mon(['validate', '-f', example], { env: { PATH: bin, MON_GO_TOOLS: join(bin, 'none') } });
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toMatch(/ok {3}promtool-test/);
    expect(r.stdout).toMatch(/FAIL amtool-config +amtool was not found on PATH/);
    expect(r.stderr).toContain("hint: install Debian's `prometheus-alertmanager` package");
  });

  it('never shows a secret from the environment in files or output', async () => {
    const sentinel = 'S3NT1NEL-https://oapi.dingtalk.com/robot/send?access_token=leak';
    const env = { DINGTALK_WEBHOOK_URL: sentinel, DINGTALK_SECRET: sentinel, MON_DEBUG: '1' };
    const out = join(tmp.path, 'out');
    const runs = [
      await mon(['generate', '-f', example, '--out', out], { env }),
      await mon(['validate', '-f', example, '--json'], { env }),
      await mon(['routes', '-f', example], { env }),
      await mon(['test', '-f', example], { env }),
    ];
    for (const r of runs) {
      expect(r.exitCode).toBe(0);
      expect(r.stdout + r.stderr).not.toContain('S3NT1NEL');
    }
    for (const [path, content] of Object.entries(await readTree(out))) expect(content, path).not.toContain('S3NT1NEL');
  });
});
