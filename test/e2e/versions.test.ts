import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mon, readTree, tempDir } from '../helpers/cli.js';
import { LINES, requireLine } from '../helpers/lines.js';

/**
 * What the version of each line changes, checked by the real tools of the line: the Alertmanager
 * receivers added since 0.28 (accepted by amtool 0.35, refused, located, for 0.25), keep_firing_for,
 * and which binaries `mon doctor` lists.
 */
let tmp: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => (tmp = await tempDir()));
afterEach(() => tmp.cleanup());

const [debian, current] = LINES as [(typeof LINES)[0], (typeof LINES)[0]];

const receiversSpec = `apiVersion: mon/v1
project: rcv
services: [{name: api, targets: ["127.0.0.1:1"]}]
alerts:
  rules:
    - alert: ApiDown
      expr: up{job="api"} == 0
      for: 1m
      keepFiringFor: 10m
      severity: critical
      test:
        series: [{series: 'up{job="api",instance="127.0.0.1:1"}', values: '0x20'}]
        expect: [{at: 2m, alerts: [{labels: {job: api, instance: "127.0.0.1:1"}}]}]
notifications:
  receivers:
    - {name: teams, msteamsv2: {webhookUrl: {env: TEAMS_WEBHOOK_URL}, title: "{{ .CommonLabels.alertname }}"}}
    - {name: jira, jira: {apiUrl: "https://example.atlassian.net/rest/api/2/", project: OPS, issueType: Bug, username: bot, password: {file: /run/secrets/jira_password}, labels: [alert]}}
    - {name: rocket, rocketchat: {apiUrl: "https://chat.example.com/", channel: "#alerts", tokenId: {env: ROCKET_TOKEN_ID}, token: {env: ROCKET_TOKEN}}}
    - {name: incident, incidentio: {url: {env: INCIDENTIO_URL}, alertSourceToken: {env: INCIDENTIO_TOKEN}}}
    - {name: mm, mattermost: {webhookUrl: {file: /run/secrets/mattermost_url}, channel: alerts}}
  route:
    receiver: teams
    routes:
      - {matchers: ['severity="critical"'], receiver: jira, continue: true}
      - {matchers: ['severity="critical"'], receiver: rocket, continue: true}
      - {matchers: ['severity="critical"'], receiver: incident, continue: true}
      - {matchers: ['severity="critical"'], receiver: mm}
`;

describe('Alertmanager receivers added since 0.28', () => {
  it(`are generated with secrets as files, and pass validation by the real amtool and promtool of ${current.name}`, async () => {
    requireLine(current);
    const spec = join(tmp.path, 'm.yaml');
    await writeFile(spec, receiversSpec);
    const env = { ...current.env, TEAMS_WEBHOOK_URL: 'S3NT1NEL' };
    const r = await mon(['validate', '-f', spec, '--json'], { env });
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const checks = Object.fromEntries(
      JSON.parse(r.stdout).checks.map((c: { id: string; status: string }) => [c.id, c.status]),
    );
    expect(checks).toMatchObject({
      'amtool-config': 'pass',
      'promtool-rules': 'pass',
      'promtool-test': 'pass',
      routing: 'pass',
    });
    const out = join(tmp.path, 'out');
    expect((await mon(['generate', '-f', spec, '--out', out], { env })).exitCode).toBe(0);
    const am = parse((await readTree(out))['alertmanager/alertmanager.yml']!);
    const byName = Object.fromEntries(am.receivers.map((x: { name: string }) => [x.name, x]));
    expect(byName.teams.msteamsv2_configs).toEqual([
      { webhook_url_file: '../secrets/TEAMS_WEBHOOK_URL', send_resolved: true, title: '{{ .CommonLabels.alertname }}' },
    ]);
    expect(byName.jira.jira_configs).toEqual([
      {
        api_url: 'https://example.atlassian.net/rest/api/2/',
        project: 'OPS',
        issue_type: 'Bug',
        send_resolved: true,
        labels: ['alert'],
        http_config: { basic_auth: { username: 'bot', password_file: '/run/secrets/jira_password' } },
      },
    ]);
    expect(byName.rocket.rocketchat_configs).toEqual([
      {
        api_url: 'https://chat.example.com/',
        channel: '#alerts',
        token_id_file: '../secrets/ROCKET_TOKEN_ID',
        token_file: '../secrets/ROCKET_TOKEN',
        send_resolved: true,
      },
    ]);
    expect(byName.incident.incidentio_configs).toEqual([
      {
        url_file: '../secrets/INCIDENTIO_URL',
        alert_source_token_file: '../secrets/INCIDENTIO_TOKEN',
        send_resolved: true,
      },
    ]);
    expect(byName.mm.mattermost_configs).toEqual([
      { webhook_url_file: '/run/secrets/mattermost_url', send_resolved: true, channel: 'alerts' },
    ]);
    const rules = await readFile(join(out, 'prometheus/rules/rcv_custom_rules.yml'), 'utf8');
    expect(rules).toContain('keep_firing_for: 10m');
    for (const content of Object.values(await readTree(out))) expect(content).not.toContain('S3NT1NEL');
  });

  it(`are refused, each located, for ${debian.name}, and nothing is written`, async () => {
    requireLine(debian);
    const spec = join(tmp.path, 'm.yaml');
    await writeFile(spec, receiversSpec);
    const out = join(tmp.path, 'out');
    const r = await mon(['generate', '-f', spec, '--out', out], { env: debian.env });
    expect(r.exitCode).toBe(1);
    const why = 'the local target runs the alertmanager binary chosen: MON_ALERTMANAGER_VERSION, else the newest found';
    for (const [line, col, i, kind, since] of [
      [16, 21, 0, 'msteamsv2', '0.28.0'],
      [17, 20, 1, 'jira', '0.28.0'],
      [18, 22, 2, 'rocketchat', '0.28.0'],
      [19, 24, 3, 'incidentio', '0.29.0'],
      [20, 18, 4, 'mattermost', '0.30.0'],
    ] as const) {
      expect(r.stderr).toContain(
        `${spec}:${line}:${col} notifications.receivers[${i}].${kind}: the ${kind} receiver needs Alertmanager >= ${since}; this stack's is 0.25.0 (${why})`,
      );
    }
    expect(r.stderr).toContain(
      'hint: set alertmanager.version to 0.28.0 or newer (and install it: bash scripts/build-go-tools.sh alertmanager), or use another receiver',
    );
    expect(r.stderr).toContain(`error: 5 errors in ${spec}; nothing was written`);
    expect(await readTree(out)).toEqual({});
  });

  it('a spec that names an Alertmanager version is refused the same way, and says so', async () => {
    const spec = join(tmp.path, 'm.yaml');
    await writeFile(
      spec,
      receiversSpec.replace('services:', 'alertmanager: {version: "0.27"}\ndeploy: {target: compose}\nservices:'),
    );
    const r = await mon(['generate', '-f', spec, '--out', join(tmp.path, 'out')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(
      `${spec}:18:21 notifications.receivers[0].msteamsv2: the msteamsv2 receiver needs Alertmanager >= 0.28.0; this stack's is 0.27.0 (alertmanager.version says 0.27)`,
    );
  });

  it('a Jira password needs a username, and takes no token beside it', async () => {
    const spec = join(tmp.path, 'm.yaml');
    await writeFile(
      spec,
      receiversSpec.replace(
        'username: bot, password: {file: /run/secrets/jira_password}',
        'password: {file: /run/secrets/jira_password}, token: {env: JIRA_TOKEN}',
      ),
    );
    const r = await mon(['generate', '-f', spec, '--out', join(tmp.path, 'out')], { env: current.env });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(
      `${spec}:17:110 notifications.receivers[1].jira.password: a Jira password needs a username (basic auth)`,
    );
    expect(r.stderr).toContain(
      `${spec}:17:156 notifications.receivers[1].jira.token: a Jira receiver takes a password or a token, not both`,
    );
  });
});

describe('prometheus.version', () => {
  it('must be a version, located', async () => {
    const spec = join(tmp.path, 'm.yaml');
    await writeFile(
      spec,
      'apiVersion: mon/v1\nproject: p\nprometheus: {version: latest}\nservices: [{name: a, targets: ["127.0.0.1:1"]}]\n',
    );
    const r = await mon(['generate', '-f', spec, '--out', join(tmp.path, 'out')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(
      `${spec}:3:23 prometheus.version: must be a version like 3.16.0, 3.16 or 3, got "latest"\nerror: 1 error in ${spec}; nothing was written`,
    );
  });

  it('chooses the local binary: a version with none installed is not deployed, saying what to do', async () => {
    const spec = join(tmp.path, 'm.yaml');
    await writeFile(
      spec,
      'apiVersion: mon/v1\nproject: p\nprometheus: {version: "3.1", port: 1}\nalertmanager: {enabled: false}\nexporters: {node: {enabled: false}}\nservices: [{name: a, targets: ["127.0.0.1:1"]}]\n',
    );
    const r = await mon(['deploy', '-f', spec, '--stack-dir', join(tmp.path, 'stack'), '--json']);
    // Prometheus is the stack: without it mon deploy exits 3 (a missing tool) and changes nothing
    expect(r.exitCode, r.stderr).toBe(3);
    const body = JSON.parse(r.stdout);
    expect(body.error.message).toBe('prometheus is not installed: the stack cannot run without it');
    const prometheus = { reason: body.error.hint.replace(/; nothing was changed$/, '') };
    expect(prometheus.reason).toMatch(
      /^no prometheus 3\.1 found \(found 3\.16\.0 at .*, 2\.42\.0 at \/usr\/bin\/prometheus\); build it with `bash scripts\/build-go-tools\.sh prometheus`, or change prometheus\.version \/ MON_PROMETHEUS_VERSION, or deploy with --target compose$/,
    );
  });
});

describe('mon doctor', () => {
  it('lists every version of each line found, the chosen one first, and honours MON_PROMETHEUS_VERSION', async () => {
    requireLine(debian);
    requireLine(current);
    const all = JSON.parse((await mon(['doctor', '--json'])).stdout).tools as Array<{
      tool: string;
      version: string;
      versions: Array<{ version: string; where: string; selected: boolean }>;
    }>;
    const prometheus = all.find((t) => t.tool === 'prometheus')!;
    expect(prometheus.version).toBe('3.16.0'); // the newest, by default
    expect(prometheus.versions.map((v) => [v.version, v.where, v.selected])).toEqual([
      ['3.16.0', 'go-tools', true],
      ['2.42.0', 'PATH', false],
    ]);
    const pinned = JSON.parse((await mon(['doctor', '--json'], { env: debian.env })).stdout).tools as typeof all;
    expect(pinned.find((t) => t.tool === 'promtool')).toMatchObject({ version: '2.42.0', selector: '2.42' });
    expect(pinned.find((t) => t.tool === 'amtool')).toMatchObject({ version: '0.25.0', selector: '0.25' });
    const text = await mon(['doctor'], { env: { MON_PROMETHEUS_VERSION: '9.9' } });
    expect(text.stdout).toMatch(
      /^prometheus +missing +no prometheus 9\.9 found \(found 3\.16\.0 at .*, 2\.42\.0 at \/usr\/bin\/prometheus\); build it with `bash scripts\/build-go-tools\.sh prometheus`, or change prometheus\.version \/ MON_PROMETHEUS_VERSION/m,
    );
  });
});
