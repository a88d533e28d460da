import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { toYaml } from '../artifacts/serialize.js';
import { ExitCode, MonError } from '../errors.js';
import { files } from '../model/conventions.js';
import type { AlertRule } from '../model/types.js';
import type { Prepared } from '../targets/types.js';
import { requireBinary } from '../tools/binaries.js';
import { portFree } from '../tools/process.js';
import { httpSink, type Received, smtpSink } from './sinks.js';
import { DINGTALK_TEMPLATE_FILE, namedTemplates, TEMPLATE_FILE, templateFor, templateFile } from './templates.js';

/** What one receiver would send for the alert, rendered by a real Alertmanager. */
export interface PreviewMessage {
  receiver: string;
  kind: 'email' | 'slack' | 'webhook' | 'dingtalk';
  fields: Record<string, string>;
  /** what the preview could not do for it */
  note?: string;
}
export interface Preview {
  alert: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  alertmanager: string;
  messages: PreviewMessage[];
  /** receivers of kinds the preview does not render (PagerDuty, ...) */
  notPreviewed: string[];
}

type Config = Record<string, unknown> & { receivers?: Array<Record<string, unknown> & { name: string }> };

/** The alert and its sample labels and annotations: the first firing expectation of its generated unit test. */
export function sampleAlert(
  p: Prepared,
  name?: string,
): { rule: AlertRule; labels: Record<string, string>; annotations: Record<string, string> } {
  const rules = p.model.ruleGroups.flatMap((g) => g.rules).filter((r): r is AlertRule => r.kind === 'alert');
  if (!rules.length)
    throw new MonError('the spec generates no alert to preview', ExitCode.invalid, 'enable a pack or add alerts.rules');
  const rule = name === undefined ? rules[0]! : rules.find((r) => r.alert === name);
  if (!rule)
    throw new MonError(
      `no alert "${name}" in ${p.model.specName}`,
      ExitCode.usage,
      `alerts: ${rules.map((r) => r.alert).join(', ')}`,
    );
  const fired = rule.tests
    .flatMap((t) => t.alerts)
    .flatMap((a) => a.expect)
    .at(0);
  return {
    rule,
    labels: { alertname: rule.alert, ...rule.labels, ...fired?.labels },
    annotations: { ...rule.annotations, ...fired?.annotations },
  };
}

const contentOf = (p: Prepared, path: string) => p.artifacts.find((a) => a.path === path)?.content;

/**
 * Every receiver's message for one generated alert with sample labels, rendered by the real
 * Alertmanager that the stack runs (its template engine and functions): a copy of the generated
 * config whose Slack, e-mail and webhook integrations point at sinks of this process (an HTTP
 * sink, a minimal SMTP sink), all routes continuing to every receiver. DingTalk messages are
 * rendered by the bridge; the preview renders their templates with Alertmanager's engine over
 * the same data (the bridge's own extra functions are not available there).
 */
export async function preview(p: Prepared, name?: string): Promise<Preview> {
  if (!p.model.alertmanager.enabled)
    throw new MonError('alertmanager.enabled is false: nothing notifies', ExitCode.invalid);
  const sample = sampleAlert(p, name);
  const config = parse(contentOf(p, files.alertmanagerConfig) ?? '') as Config;
  const got: Received[] = [];
  const http = await httpSink(got);
  const smtp = await smtpSink(got);
  const dir = await mkdtemp(join(tmpdir(), 'mon-preview-'));
  const expected = new Map<string, PreviewMessage['kind']>();
  const notPreviewed: string[] = [];
  const dingtalk = new Set(p.model.alertmanager.receivers.filter((r) => r.dingtalk).map((r) => r.name));
  const t = p.model.alertmanager.templates;
  let child: ReturnType<typeof spawn> | undefined;
  try {
    const receivers = (config.receivers ?? []).map((r) => {
      const out: Record<string, unknown> = { name: r.name };
      const at = (kind: string) => `${http.url}/${encodeURIComponent(r.name)}/${kind}`;
      if (dingtalk.has(r.name)) {
        out.slack_configs = [
          {
            api_url: at('dingtalk'),
            title: templateFor(t, 'dingtalk', 'title') ?? '{{ template "slack.default.title" . }}',
            text: templateFor(t, 'dingtalk', 'text') ?? '{{ template "slack.default.text" . }}',
          },
        ];
        expected.set(r.name, 'dingtalk');
      } else if (Array.isArray(r.slack_configs)) {
        out.slack_configs = (r.slack_configs as Array<Record<string, unknown>>).map(({ api_url_file: _f, ...c }) => ({
          ...c,
          api_url: at('slack'),
        }));
        expected.set(r.name, 'slack');
      } else if (Array.isArray(r.email_configs)) {
        out.email_configs = (r.email_configs as Array<Record<string, unknown>>).map(
          ({ auth_password_file: _p, auth_username: _u, auth_password: _q, ...c }) => ({
            ...c,
            to: `${r.name}@preview.invalid`,
            smarthost: smtp.address,
            require_tls: false,
          }),
        );
        expected.set(r.name, 'email');
      } else if (Array.isArray(r.webhook_configs)) {
        // its payload template (Alertmanager >= 0.32), if any, kept
        out.webhook_configs = (r.webhook_configs as Array<Record<string, unknown>>).map((c) => ({
          ...c,
          url: at('webhook'),
          send_resolved: false,
        }));
        expected.set(r.name, 'webhook');
      } else if (Object.keys(r).length > 1) notPreviewed.push(r.name);
      return out;
    });
    if (!expected.size)
      throw new MonError('no receiver the preview can render (e-mail, Slack, webhook, DingTalk)', ExitCode.invalid);
    const previewConfig: Record<string, unknown> = {
      global: config.global ?? {},
      route: {
        receiver: receivers[0]!.name,
        group_by: ['alertname'],
        group_wait: '0s',
        routes: [...expected.keys()].map((n) => ({ receiver: n, continue: true })),
      },
      receivers,
      templates: ['templates/*.tmpl'],
    };
    await mkdir(join(dir, 'templates'), { recursive: true });
    await writeFile(join(dir, 'alertmanager.yml'), toYaml(previewConfig, '# mon notify preview'));
    const am = contentOf(p, TEMPLATE_FILE);
    if (am) await writeFile(join(dir, 'templates', 'mon.tmpl'), am);
    const ding = namedTemplates(t, ['dingtalk']);
    if (ding.length && !contentOf(p, DINGTALK_TEMPLATE_FILE))
      await writeFile(join(dir, 'templates', 'dingtalk.tmpl'), templateFile('# dingtalk', ding));
    else if (contentOf(p, DINGTALK_TEMPLATE_FILE))
      await writeFile(join(dir, 'templates', 'dingtalk.tmpl'), contentOf(p, DINGTALK_TEMPLATE_FILE)!);

    const binary = requireBinary('alertmanager');
    let port = 0;
    for (let i = 0; i < 20 && !port; i++) {
      const candidate = 20000 + Math.floor(Math.random() * 40000);
      if (await portFree(candidate)) port = candidate;
    }
    let log = '';
    child = spawn(
      binary,
      [
        `--config.file=${join(dir, 'alertmanager.yml')}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (c: Buffer) => (log += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    const url = `http://127.0.0.1:${port}`;
    const until = Date.now() + 20_000;
    const wait = async (ok: () => Promise<boolean> | boolean, what: string) => {
      for (;;) {
        if (child!.exitCode !== null)
          throw new MonError(`Alertmanager exited: ${log.trim().split('\n').slice(-3).join(' ')}`, ExitCode.invalid);
        if (await ok()) return;
        if (Date.now() > until)
          throw new MonError(
            `notify preview: ${what} within 20 s`,
            ExitCode.invalid,
            log.trim().split('\n').slice(-5).join('\n'),
          );
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await wait(
      () =>
        fetch(`${url}/-/ready`).then(
          (r) => r.ok,
          () => false,
        ),
      'Alertmanager was not ready',
    );
    const startsAt = new Date().toISOString();
    const post = await fetch(`${url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ labels: sample.labels, annotations: sample.annotations, startsAt }]),
    });
    if (!post.ok) throw new MonError(`Alertmanager refused the alert: HTTP ${post.status}`, ExitCode.invalid);
    await wait(
      () => [...expected.keys()].every((n) => got.some((g) => g.receiver === n)),
      'not every receiver was notified',
    );
    const messages = [...expected.entries()].map(([receiver, kind]): PreviewMessage => {
      const m = got.find((g) => g.receiver === receiver)!;
      if (kind === 'email')
        return {
          receiver,
          kind,
          fields: {
            subject: m.headers?.subject ?? '',
            ...(m.headers?.['part:text/html'] !== undefined ? { html: m.headers['part:text/html'] } : {}),
            ...(m.headers?.['part:text/plain'] !== undefined ? { text: m.headers['part:text/plain'] } : {}),
          },
        };
      if (kind === 'webhook') return { receiver, kind, fields: { payload: m.body } };
      const a =
        ((JSON.parse(m.body) as { attachments?: Array<{ title?: string; text?: string }> }).attachments ?? [])[0] ?? {};
      const fields = { title: a.title ?? '', text: a.text ?? '' };
      return kind === 'dingtalk'
        ? {
            receiver,
            kind,
            fields,
            note: "rendered by Alertmanager's template engine over the same data; the DingTalk bridge renders it at run time",
          }
        : { receiver, kind, fields };
    });
    return {
      alert: sample.rule.alert,
      labels: sample.labels,
      annotations: sample.annotations,
      alertmanager: binary,
      messages,
      notPreviewed,
    };
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await http.close();
    await smtp.close();
    await rm(dir, { recursive: true, force: true });
  }
}
