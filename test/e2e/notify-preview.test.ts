import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpSink, type Received, smtpSink } from '../../src/notify/sinks.js';
import { findBinary } from '../../src/tools/binaries.js';
import { mon, tempDir } from '../helpers/cli.js';
import { LINES, requireLine } from '../helpers/lines.js';
import { freePort } from '../helpers/stack.js';
import { eventually } from '../helpers/tracing.js';

/**
 * notifications.templates in a real Alertmanager, both version lines: the generated
 * alertmanager.yml and templates/mon.tmpl, run as generated, deliver the RedisDown alert to a
 * Slack API sink and an SMTP sink with exactly the expected title, text, subject and body; and
 * `mon notify preview --alert RedisDown --json` says the same. A broken template fails `mon
 * validate` with amtool's message.
 */
let dir: { path: string; cleanup: () => Promise<void> };
const got: Received[] = [];
let http: Awaited<ReturnType<typeof httpSink>>;
let smtp: Awaited<ReturnType<typeof smtpSink>>;

const spec = (
  smarthost: string,
  slackUrlFile: string,
  subject = '[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} ({{ .Alerts | len }})',
) => `apiVersion: mon/v1
project: tpl
datastores:
  redis: {address: "127.0.0.1:6379"}
services: [{name: app, targets: ["127.0.0.1:8000"]}]
notifications:
  templates:
    email:
      subject: '${subject}'
      html: '<h3>{{ .CommonAnnotations.summary }}</h3>{{ range .Alerts }}<p>{{ .Labels.instance }}: {{ .Annotations.description }}</p>{{ end }}'
    slack:
      title: '{{ if eq .Status "firing" }}:rotating_light:{{ else }}:white_check_mark:{{ end }} {{ .CommonLabels.alertname }}'
      text: '{{ range .Alerts }}*{{ .Labels.severity }}* {{ .Annotations.summary }} on {{ .Labels.instance }}{{ end }}'
    dingtalk:
      title: '告警: {{ .CommonLabels.alertname }}'
      text: '### 🚨 系统告警{{ range .Alerts }} - **描述**: {{ .Annotations.description }}{{ end }}'
  receivers:
    - {name: ops-mail, email: {to: ops@example.com, from: mon@example.com, smarthost: "${smarthost}", requireTls: false}}
    - {name: ops-slack, slack: {apiUrl: {file: ${slackUrlFile}}, channel: "#alerts"}}
    - {name: ops-ding, dingtalk: {url: {env: DING_URL}}}
  route: {receiver: ops-mail, groupWait: 0s, routes: [{receiver: ops-slack, matchers: ['severity="critical"'], continue: true}, {receiver: ops-mail, matchers: ['severity=~".+"']}]}
`;

const EXPECTED = {
  subject: '[FIRING] RedisDown (1)',
  html: '<h3>Redis is down</h3><p>127.0.0.1:19121: redis_exporter 127.0.0.1:19121 cannot reach its Redis server.</p>',
  title: ':rotating_light: RedisDown',
  text: '*critical* Redis is down on 127.0.0.1:19121',
  dingTitle: '告警: RedisDown',
  dingText: '### 🚨 系统告警 - **描述**: redis_exporter 127.0.0.1:19121 cannot reach its Redis server.',
};

let specFile = '';
beforeAll(async () => {
  dir = await tempDir('mon-templates-');
  http = await httpSink(got);
  smtp = await smtpSink(got);
  await writeFile(join(dir.path, 'slack_url'), `${http.url}/ops-slack/slack\n`);
  specFile = join(dir.path, 'monitoring.yaml');
  await writeFile(specFile, spec(smtp.address, join(dir.path, 'slack_url')));
});
afterAll(async () => {
  await http?.close();
  await smtp?.close();
  await dir?.cleanup();
});

describe.each(LINES)('notification templates on $name', (line) => {
  it('the generated config delivers the templated Slack and e-mail messages from a real Alertmanager', async () => {
    requireLine(line);
    const out = join(dir.path, `out-${line.alertmanager}`);
    const g = await mon(['generate', '-f', specFile, '-o', out], { env: line.env });
    expect(g.exitCode, g.stderr).toBe(0);
    const port = await freePort();
    const am = spawn(
      findBinary('alertmanager', line.alertmanager).path!,
      [
        `--config.file=${join(out, 'alertmanager', 'alertmanager.yml')}`,
        `--storage.path=${join(dir.path, `am-${line.alertmanager}`)}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
      ],
      { stdio: 'ignore' },
    );
    try {
      await eventually('Alertmanager ready', async () =>
        (await fetch(`http://127.0.0.1:${port}/-/ready`)).ok ? true : undefined,
      );
      got.length = 0;
      const labels = {
        alertname: 'RedisDown',
        severity: 'critical',
        datastore: 'redis',
        job: 'redis',
        instance: '127.0.0.1:19121',
      };
      const annotations = {
        summary: 'Redis is down',
        description: 'redis_exporter 127.0.0.1:19121 cannot reach its Redis server.',
      };
      const r = await fetch(`http://127.0.0.1:${port}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([{ labels, annotations }]),
      });
      expect(r.ok).toBe(true);
      await eventually('both notifications', async () => (got.length >= 2 ? true : undefined), 30_000);
      const slack = JSON.parse(got.find((g) => g.kind === 'http')!.body) as {
        channel: string;
        attachments: Array<{ title: string; text: string }>;
      };
      expect(slack.channel).toBe('#alerts');
      expect(slack.attachments[0]!.title).toBe(EXPECTED.title);
      expect(slack.attachments[0]!.text).toBe(EXPECTED.text);
      const mail = got.find((g) => g.kind === 'email')!;
      expect(mail.headers!.subject).toBe(EXPECTED.subject);
      expect(mail.body).toBe(EXPECTED.html);
    } finally {
      const exited = new Promise((res) => am.once('exit', res));
      am.kill('SIGTERM');
      await exited;
    }
  }, 60_000);

  it('mon notify preview --alert RedisDown renders the same messages', async () => {
    requireLine(line);
    const r = await mon(['notify', 'preview', '-f', specFile, '--alert', 'RedisDown', '--json'], { env: line.env });
    expect(r.exitCode, r.stderr).toBe(0);
    const p = JSON.parse(r.stdout) as {
      alertmanager: string;
      messages: Array<{ receiver: string; kind: string; fields: Record<string, string> }>;
    };
    expect(p.alertmanager).toBe(findBinary('alertmanager', line.alertmanager).path);
    const by = Object.fromEntries(p.messages.map((m) => [m.receiver, m]));
    expect(by['ops-mail']!.fields).toEqual({ subject: EXPECTED.subject, html: EXPECTED.html });
    expect(by['ops-slack']!.fields).toEqual({ title: EXPECTED.title, text: EXPECTED.text });
    expect(by['ops-ding']!.kind).toBe('dingtalk');
    expect(by['ops-ding']!.fields).toEqual({ title: EXPECTED.dingTitle, text: EXPECTED.dingText });
  }, 60_000);
});

describe('a webhook payload template', () => {
  const withPayload = (file: string) =>
    writeFile(
      file,
      spec(smtp.address, join(dir.path, 'slack_url'))
        .replace(
          '  receivers:\n',
          `    webhook:\n      payload: '{"msgtype": "markdown", "markdown": {"title": "{{ .CommonLabels.alertname }}", "text": "{{ .CommonAnnotations.summary }}"}}'\n  receivers:\n    - {name: hook, webhook: {url: "${http.url}/hook/webhook"}}\n`,
        )
        .replace(
          '{receiver: ops-slack, matchers: [\'severity="critical"\'], continue: true}',
          '{receiver: ops-slack, matchers: [\'severity="critical"\'], continue: true}, {receiver: hook, matchers: [\'severity="critical"\'], continue: true}',
        ),
    );

  it('Alertmanager 0.35 posts the rendered payload, and the preview shows it', async () => {
    const line = LINES.find((l) => l.alertmanager === '0.35')!;
    requireLine(line);
    const file = join(dir.path, 'payload.yaml');
    await withPayload(file);
    const r = await mon(['notify', 'preview', '-f', file, '--alert', 'RedisDown', '--json'], { env: line.env });
    expect(r.exitCode, r.stderr).toBe(0);
    const p = JSON.parse(r.stdout) as { messages: Array<{ receiver: string; fields: Record<string, string> }> };
    const hook = p.messages.find((m) => m.receiver === 'hook')!;
    expect(JSON.parse(hook.fields.payload!)).toEqual({
      msgtype: 'markdown',
      markdown: { title: 'RedisDown', text: 'Redis is down' },
    });
  });

  it('is refused for Alertmanager 0.25, which has no webhook payload', async () => {
    const line = LINES.find((l) => l.alertmanager === '0.25')!;
    requireLine(line);
    const file = join(dir.path, 'payload.yaml');
    await withPayload(file);
    const r = await mon(['generate', '-f', file, '-o', join(dir.path, 'out-payload')], { env: line.env });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(
      'notifications.templates.webhook.payload: a webhook payload template needs Alertmanager >= 0.32.0',
    );
  });
});

describe('a broken template', () => {
  it('fails mon validate with the template error amtool reports', async () => {
    const bad = join(dir.path, 'bad');
    await mkdir(bad, { recursive: true });
    const file = join(bad, 'monitoring.yaml');
    await writeFile(file, spec(smtp.address, join(dir.path, 'slack_url'), '{{ .CommonLabels.alertname | toUpperr }}'));
    const r = await mon(['validate', '-f', file]);
    expect(r.exitCode).toBe(1);
    expect(`${r.stdout}${r.stderr}`).toContain('function "toUpperr" not defined');
  });
});
