import { toYaml } from '../../artifacts/serialize.js';
import { dingtalkWebhookUrl, files, generatedHeader } from '../../model/conventions.js';
import type { Alertmanager, Model, Receiver, Route } from '../../model/types.js';
import { newerReceiversConfig } from '../../model/receivers-newer.js';
import { formatMatcher } from '../../routing/matchers.js';
import { secretFileFrom } from '../secrets.js';
import type { Generator } from '../types.js';

function route(r: Route, root: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { receiver: r.receiver };
  if (!root && r.matchers.length) out.matchers = r.matchers.map(formatMatcher);
  if (r.groupBy) out.group_by = r.groupBy;
  if (r.groupWait) out.group_wait = r.groupWait;
  if (r.groupInterval) out.group_interval = r.groupInterval;
  if (r.repeatInterval) out.repeat_interval = r.repeatInterval;
  if (r.continue) out.continue = true;
  if (r.muteTimeIntervals.length) out.mute_time_intervals = r.muteTimeIntervals;
  if (r.activeTimeIntervals.length) out.active_time_intervals = r.activeTimeIntervals;
  if (r.routes.length) out.routes = r.routes.map((c) => route(c, false));
  return out;
}

function receiver(r: Receiver, model: Model): Record<string, unknown> {
  const out: Record<string, unknown> = { name: r.name };
  const webhooks: Array<Record<string, unknown>> = [];
  if (r.webhook) webhooks.push({ url: r.webhook.url, send_resolved: r.webhook.sendResolved, ...(r.webhook.maxAlerts !== undefined ? { max_alerts: r.webhook.maxAlerts } : {}) });
  if (r.dingtalk && model.dingtalk) webhooks.push({ url: dingtalkWebhookUrl(model.dingtalk.address, r.name), send_resolved: true });
  if (webhooks.length) out.webhook_configs = webhooks;
  if (r.slack) {
    const s: Record<string, unknown> = { api_url_file: secretFileFrom(model, r.slack.apiUrl), send_resolved: r.slack.sendResolved };
    if (r.slack.channel) s.channel = r.slack.channel;
    if (r.slack.title) s.title = r.slack.title;
    if (r.slack.text) s.text = r.slack.text;
    out.slack_configs = [s];
  }
  if (r.email) {
    const e: Record<string, unknown> = { to: r.email.to, from: r.email.from, smarthost: r.email.smarthost, require_tls: r.email.requireTls, send_resolved: r.email.sendResolved };
    if (r.email.username) e.auth_username = r.email.username;
    if (r.email.password) e.auth_password_file = secretFileFrom(model, r.email.password);
    out.email_configs = [e];
  }
  if (r.pagerduty) {
    const p: Record<string, unknown> = { routing_key_file: secretFileFrom(model, r.pagerduty.routingKey), send_resolved: r.pagerduty.sendResolved };
    if (r.pagerduty.severity) p.severity = r.pagerduty.severity;
    out.pagerduty_configs = [p];
  }
  Object.assign(out, newerReceiversConfig(r.newer, (s) => secretFileFrom(model, s)));
  return out;
}

export function alertmanagerConfig(am: Alertmanager, model: Model): Record<string, unknown> {
  const config: Record<string, unknown> = {
    global: { resolve_timeout: am.resolveTimeout },
    route: route(am.route, true),
    receivers: am.receivers.map((r) => receiver(r, model)),
  };
  if (am.inhibit.length) {
    config.inhibit_rules = am.inhibit.map((i) => ({
      source_matchers: i.source.map(formatMatcher),
      target_matchers: i.target.map(formatMatcher),
      ...(i.equal.length ? { equal: i.equal } : {}),
    }));
  }
  if (am.timeIntervals.length) {
    config.time_intervals = am.timeIntervals.map((t) => ({
      name: t.name,
      time_intervals: t.intervals.map((i) => {
        const o: Record<string, unknown> = {};
        if (i.times) o.times = i.times.map((x) => ({ start_time: x.start, end_time: x.end }));
        if (i.weekdays) o.weekdays = i.weekdays;
        if (i.daysOfMonth) o.days_of_month = i.daysOfMonth;
        if (i.months) o.months = i.months;
        if (i.years) o.years = i.years;
        if (t.location) o.location = t.location;
        return o;
      }),
    }));
  }
  return config;
}

export const alertmanagerGenerator: Generator = {
  name: 'alertmanager',
  generate: (model) =>
    model.alertmanager.enabled
      ? [{ path: files.alertmanagerConfig, content: toYaml(alertmanagerConfig(model.alertmanager, model), generatedHeader(model.specName)) }]
      : [],
};
