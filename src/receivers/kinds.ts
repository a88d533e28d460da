import { secret } from '../model/secret.js';
import { dingtalkWebhookUrl } from '../model/conventions.js';
import type { Secret } from '../model/types.js';
import type { ReceiverKind } from './types.js';
import { templateFor, WEBHOOK_PAYLOAD_SINCE } from '../notify/templates.js';
import { atLeast } from '../model/versions.js';

const defined = (list: Array<Secret | undefined>) => list.filter((s): s is Secret => s !== undefined);

type Webhook = { url: string; sendResolved: boolean; maxAlerts?: number };
export const webhook = {
  model: (s, ctx): Webhook => ({
    url: ctx.hostUrl(s.url),
    sendResolved: s.sendResolved ?? true,
    ...(s.maxAlerts !== undefined ? { maxAlerts: s.maxAlerts } : {}),
  }),
  alertmanager: (m, ctx) => {
    const payload = templateFor(ctx.model.alertmanager.templates, 'webhook', 'payload');
    return {
      key: 'webhook_configs',
      config: {
        url: m.url,
        send_resolved: m.sendResolved,
        ...(m.maxAlerts !== undefined ? { max_alerts: m.maxAlerts } : {}),
        // only where Alertmanager has it (the version check refuses it on older ones)
        ...(payload && atLeast(ctx.model.alertmanager.version, WEBHOOK_PAYLOAD_SINCE) ? { payload } : {}),
      },
    };
  },
  secrets: () => ({}),
} satisfies ReceiverKind<'webhook', Webhook>;

/** Posted to the DingTalk bridge (prometheus-webhook-dingtalk), target of the receiver's name. */
export const dingtalk = {
  model: (s) => ({ url: secret(s.url), ...(s.secret ? { secret: secret(s.secret) } : {}) }),
  alertmanager: (_m, ctx) =>
    ctx.model.dingtalk
      ? {
          key: 'webhook_configs',
          config: { url: dingtalkWebhookUrl(ctx.model.dingtalk.address, ctx.name), send_resolved: true },
        }
      : undefined,
  secrets: (m) => ({ dingtalk: defined([m.url, m.secret]) }),
} satisfies ReceiverKind<'dingtalk', { url: Secret; secret?: Secret }>;

export const slack = {
  model: (s) => ({ ...s, apiUrl: secret(s.apiUrl), sendResolved: s.sendResolved ?? true }),
  alertmanager: (m, ctx) => {
    const c: Record<string, unknown> = { api_url_file: ctx.secretFile(m.apiUrl), send_resolved: m.sendResolved };
    if (m.channel) c.channel = m.channel;
    const title = m.title ?? templateFor(ctx.model.alertmanager.templates, 'slack', 'title');
    const text = m.text ?? templateFor(ctx.model.alertmanager.templates, 'slack', 'text');
    if (title) c.title = title;
    if (text) c.text = text;
    return { key: 'slack_configs', config: c };
  },
  secrets: (m) => ({ alertmanager: [m.apiUrl] }),
} satisfies ReceiverKind<
  'slack',
  { apiUrl: Secret; channel?: string; sendResolved: boolean; title?: string; text?: string }
>;

type Email = {
  to: string;
  from: string;
  smarthost: string;
  username?: string;
  password?: Secret;
  requireTls: boolean;
  sendResolved: boolean;
};
export const email = {
  model: (s) => {
    const { password, ...rest } = s;
    const m: Email = { ...rest, requireTls: s.requireTls ?? true, sendResolved: s.sendResolved ?? false };
    if (password) m.password = secret(password);
    return m;
  },
  alertmanager: (m, ctx) => {
    const c: Record<string, unknown> = {
      to: m.to,
      from: m.from,
      smarthost: m.smarthost,
      require_tls: m.requireTls,
      send_resolved: m.sendResolved,
    };
    const t = ctx.model.alertmanager.templates;
    const subject = templateFor(t, 'email', 'subject');
    if (subject) c.headers = { Subject: subject };
    const html = templateFor(t, 'email', 'html');
    if (html) c.html = html;
    const text = templateFor(t, 'email', 'text');
    if (text) c.text = text;
    if (m.username) c.auth_username = m.username;
    if (m.password) c.auth_password_file = ctx.secretFile(m.password);
    return { key: 'email_configs', config: c };
  },
  secrets: (m) => ({ alertmanager: defined([m.password]) }),
} satisfies ReceiverKind<'email', Email>;

export const pagerduty = {
  model: (s) => ({
    ...(s.routingKey ? { routingKey: secret(s.routingKey) } : {}),
    ...(s.serviceKey ? { serviceKey: secret(s.serviceKey) } : {}),
    severity: s.severity,
    sendResolved: s.sendResolved ?? true,
  }),
  alertmanager: (m, ctx) => {
    const c: Record<string, unknown> = {};
    // Events API v2 (routing_key) or v1 (service_key), as Alertmanager's pagerduty_config has both
    if (m.routingKey) c.routing_key_file = ctx.secretFile(m.routingKey);
    if (m.serviceKey) c.service_key_file = ctx.secretFile(m.serviceKey);
    c.send_resolved = m.sendResolved;
    if (m.severity) c.severity = m.severity;
    return { key: 'pagerduty_configs', config: c };
  },
  secrets: (m) => ({ alertmanager: defined([m.routingKey, m.serviceKey]) }),
} satisfies ReceiverKind<
  'pagerduty',
  { routingKey?: Secret; serviceKey?: Secret; severity?: string; sendResolved: boolean }
>;
