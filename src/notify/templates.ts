import type { NotificationTemplatesSpec } from '../spec/types.js';

/**
 * Notification templates (notifications.templates): each field becomes one named Go template in
 * alertmanager/templates/mon.tmpl, which alertmanager.yml loads (`templates:`, a path relative
 * to its own directory) and the receivers of that kind reference, unless they set their own.
 */
export const TEMPLATE_FILE = 'alertmanager/templates/mon.tmpl';
/** as alertmanager.yml names it: Alertmanager resolves it against the config file's directory */
export const TEMPLATE_GLOB = 'templates/*.tmpl';
/** the DingTalk bridge's copy (its config's `templates:`), beside its config */
export const DINGTALK_TEMPLATE_FILE = 'dingtalk/templates/mon.tmpl';
/** where the bridge's container sees that directory (Compose) */
export const DINGTALK_TEMPLATE_DIR_IN_CONTAINER = '/etc/prometheus-webhook-dingtalk/templates';

export const TEMPLATE_NAMES = {
  email: { subject: 'mon.email.subject', html: 'mon.email.html', text: 'mon.email.text' },
  slack: { title: 'mon.slack.title', text: 'mon.slack.text' },
  dingtalk: { title: 'mon.dingtalk.title', text: 'mon.dingtalk.text' },
  webhook: { payload: 'mon.webhook.payload' },
} as const;
/** the Alertmanager that first has webhook_config.payload (its configuration docs from 0.32 on; 0.25 refuses the key) */
export const WEBHOOK_PAYLOAD_SINCE = '0.32.0';
/** the kinds whose templates live in Alertmanager's template file */
export const AM_KINDS = ['email', 'slack', 'webhook'] as const;
export type TemplateKind = keyof typeof TEMPLATE_NAMES;

/** `{{ template "name" . }}`: how a receiver's field refers to a named template. */
export const ref = (name: string) => `{{ template "${name}" . }}`;

/** The named templates of the spec, [name, body] in a fixed order. */
export function namedTemplates(t: NotificationTemplatesSpec | undefined, kinds: readonly TemplateKind[]) {
  const out: Array<[string, string]> = [];
  for (const kind of kinds) {
    const fields = (t?.[kind] ?? {}) as Record<string, string | undefined>;
    for (const [field, name] of Object.entries(TEMPLATE_NAMES[kind]))
      if (fields[field] !== undefined) out.push([name, fields[field]!]);
  }
  return out;
}

export function templateFile(header: string, named: Array<[string, string]>): string {
  const body = named.map(([name, text]) => `{{ define "${name}" }}${text}{{ end }}`).join('\n\n');
  return `{{/* ${header.replace(/^# /, '')} */}}\n\n${body}\n`;
}

/** The template a receiver field uses, when the spec defines it. */
export const templateFor = (t: NotificationTemplatesSpec | undefined, kind: TemplateKind, field: string) =>
  (t?.[kind] as Record<string, string | undefined> | undefined)?.[field] !== undefined
    ? ref((TEMPLATE_NAMES[kind] as Record<string, string>)[field]!)
    : undefined;
