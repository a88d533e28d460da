import type { NotificationsSpec, ReceiverSpec, RouteSpec, TimeIntervalSpec } from '../spec/types.js';
import { envName, type FileNotes, leftover } from './notes.js';
import { secretOf } from './prometheus.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

/** Alertmanager's defaults for what a route leaves out (config/config.go DefaultRouteOpts; group_by none). */
export const ALERTMANAGER_ROUTE_DEFAULTS = {
  groupBy: [] as string[],
  groupWait: '30s',
  groupInterval: '5m',
  repeatInterval: '4h',
};
/** Each notifier's send_resolved default (config/notifiers.go): webhook and PagerDuty true, Slack and e-mail false. */
export const SEND_RESOLVED_DEFAULTS = { webhook: true, slack: false, email: false, pagerduty: true } as const;

const quote = (v: string) => JSON.stringify(v);

/** The old `match:`/`match_re:` maps and the new `matchers:` lists, as the spec's matcher strings. */
function matchers(notes: FileNotes, at: string, eq: unknown, re: unknown, m: unknown): string[] {
  const out: string[] = [];
  if (isObject(eq)) for (const [k, v] of Object.entries(eq)) out.push(`${k}=${quote(String(v))}`);
  if (isObject(re)) for (const [k, v] of Object.entries(re)) out.push(`${k}=~${quote(String(v))}`);
  if (isObject(eq) || isObject(re))
    notes.adapted(at, 'match/match_re written as matchers (the same selection; Alertmanager deprecates match)');
  for (const s of Array.isArray(m) ? m.map(String) : []) out.push(normalizeMatcher(s));
  return out;
}

/** A matcher as the spec writes it: name, operator, double-quoted value (`severity=critical` -> `severity="critical"`). */
export function normalizeMatcher(s: string): string {
  const m = /^\s*([^=!~\s]+|"[^"]*")\s*(=~|!~|!=|=)\s*(.*?)\s*$/.exec(s);
  if (!m) return s;
  const [, name, op, raw] = m;
  let value = raw!;
  if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = JSON.parse(value) as string;
  else if (value.startsWith("'") && value.endsWith("'") && value.length >= 2) value = value.slice(1, -1);
  return `${name}${op}${quote(value)}`;
}

function route(notes: FileNotes, r: Json, at: string, root: boolean): RouteSpec {
  const out: RouteSpec = {};
  if (typeof r.receiver === 'string') out.receiver = r.receiver;
  const m = matchers(notes, at, r.match, r.match_re, r.matchers);
  if (m.length) out.matchers = m;
  const d = ALERTMANAGER_ROUTE_DEFAULTS;
  if (Array.isArray(r.group_by)) out.groupBy = r.group_by.map(String);
  else if (root) out.groupBy = [...d.groupBy];
  if (typeof r.group_wait === 'string') out.groupWait = r.group_wait;
  else if (root) out.groupWait = d.groupWait;
  if (typeof r.group_interval === 'string') out.groupInterval = r.group_interval;
  else if (root) out.groupInterval = d.groupInterval;
  if (typeof r.repeat_interval === 'string') out.repeatInterval = r.repeat_interval;
  else if (root) out.repeatInterval = d.repeatInterval;
  if (r.continue === true) out.continue = true;
  if (Array.isArray(r.mute_time_intervals)) out.muteTimeIntervals = r.mute_time_intervals.map(String);
  if (Array.isArray(r.active_time_intervals)) out.activeTimeIntervals = r.active_time_intervals.map(String);
  const children = list(r.routes);
  if (children.length) out.routes = children.map((c, i) => route(notes, c, `${at}.routes[${i}]`, false));
  leftover(notes, at, r, [
    'receiver',
    'match',
    'match_re',
    'matchers',
    'group_by',
    'group_wait',
    'group_interval',
    'repeat_interval',
    'continue',
    'mute_time_intervals',
    'active_time_intervals',
    'routes',
  ]);
  return out;
}

function receiver(notes: FileNotes, r: Json, index: number, global: Json): ReceiverSpec {
  const name = String(r.name);
  const at = `receivers[${name}]`;
  const path = ['notifications', 'receivers', index];
  const out: ReceiverSpec = { name };
  const first = (key: string) => {
    const configs = list(r[key]);
    if (configs.length > 1)
      notes.unmapped(
        `${at}.${key}[1:]`,
        `${configs.length - 1} more ${key}: the spec has one of each kind per receiver; the first is kept`,
      );
    return configs[0];
  };
  const resolved = (c: Json, kind: keyof typeof SEND_RESOLVED_DEFAULTS) =>
    typeof c.send_resolved === 'boolean' ? c.send_resolved : SEND_RESOLVED_DEFAULTS[kind];

  const w = first('webhook_configs');
  if (w) {
    if (typeof w.url === 'string') {
      out.webhook = { url: w.url, sendResolved: resolved(w, 'webhook') };
      if (typeof w.max_alerts === 'number' && w.max_alerts > 0) out.webhook.maxAlerts = w.max_alerts;
    } else notes.unmapped(`${at}.webhook_configs[0]`, 'a webhook without url (url_file); left out');
    leftover(notes, `${at}.webhook_configs[0]`, w, ['url', 'send_resolved', 'max_alerts']);
  }
  const s = first('slack_configs');
  if (s) {
    const apiUrl = secretOf(
      notes,
      `${at}.slack_configs[0].api_url`,
      [...path, 'slack', 'apiUrl'],
      s.api_url ?? (s.api_url_file === undefined ? global.slack_api_url : undefined),
      s.api_url_file ?? (s.api_url === undefined ? global.slack_api_url_file : undefined),
      s.api_url === undefined && s.api_url_file === undefined ? 'SLACK_API_URL' : envName(name, 'slack', 'api_url'),
    );
    if (apiUrl) {
      out.slack = { apiUrl, sendResolved: resolved(s, 'slack') };
      if (typeof s.channel === 'string') out.slack.channel = s.channel;
      if (typeof s.title === 'string') out.slack.title = s.title;
      if (typeof s.text === 'string') out.slack.text = s.text;
    } else notes.unmapped(`${at}.slack_configs[0]`, 'Slack without an api_url (nor global.slack_api_url); left out');
    leftover(notes, `${at}.slack_configs[0]`, s, [
      'api_url',
      'api_url_file',
      'channel',
      'title',
      'text',
      'send_resolved',
    ]);
  }
  const e = first('email_configs');
  if (e) {
    const from = e.from ?? global.smtp_from;
    const smarthost = e.smarthost ?? global.smtp_smarthost;
    if (typeof e.to === 'string' && typeof from === 'string' && typeof smarthost === 'string') {
      out.email = { to: e.to, from, smarthost, sendResolved: resolved(e, 'email') };
      if (e.from === undefined || e.smarthost === undefined)
        notes.adapted(`${at}.email_configs[0]`, 'from and smarthost of global smtp_* written into the receiver', [
          ...path,
          'email',
        ]);
      const username = e.auth_username ?? global.smtp_auth_username;
      if (typeof username === 'string') out.email.username = username;
      const password = secretOf(
        notes,
        `${at}.email_configs[0].auth_password`,
        [...path, 'email', 'password'],
        e.auth_password ?? (e.auth_password_file === undefined ? global.smtp_auth_password : undefined),
        e.auth_password_file ?? (e.auth_password === undefined ? global.smtp_auth_password_file : undefined),
        e.auth_password === undefined && e.auth_password_file === undefined
          ? 'SMTP_AUTH_PASSWORD'
          : envName(name, 'smtp', 'password'),
      );
      if (password) out.email.password = password;
      const tls = e.require_tls ?? global.smtp_require_tls;
      out.email.requireTls = typeof tls === 'boolean' ? tls : true;
    } else notes.unmapped(`${at}.email_configs[0]`, 'e-mail without to, from or smarthost; left out');
    leftover(notes, `${at}.email_configs[0]`, e, [
      'to',
      'from',
      'smarthost',
      'auth_username',
      'auth_password',
      'auth_password_file',
      'require_tls',
      'send_resolved',
    ]);
  }
  const p = first('pagerduty_configs');
  if (p) {
    const routingKey = secretOf(
      notes,
      `${at}.pagerduty_configs[0].routing_key`,
      [...path, 'pagerduty', 'routingKey'],
      p.routing_key,
      p.routing_key_file,
      envName(name, 'pagerduty', 'routing_key'),
    );
    const serviceKey = routingKey
      ? undefined
      : secretOf(
          notes,
          `${at}.pagerduty_configs[0].service_key`,
          [...path, 'pagerduty', 'serviceKey'],
          p.service_key,
          p.service_key_file,
          envName(name, 'pagerduty', 'service_key'),
        );
    if (routingKey || serviceKey) {
      out.pagerduty = { ...(routingKey ? { routingKey } : { serviceKey }), sendResolved: resolved(p, 'pagerduty') };
      if (typeof p.severity === 'string') out.pagerduty.severity = p.severity;
    } else notes.unmapped(`${at}.pagerduty_configs[0]`, 'PagerDuty without a routing_key or service_key; left out');
    leftover(notes, `${at}.pagerduty_configs[0]`, p, [
      'routing_key',
      'routing_key_file',
      'service_key',
      'service_key_file',
      'severity',
      'send_resolved',
    ]);
  }
  for (const k of Object.keys(r))
    if (
      k.endsWith('_configs') &&
      !['webhook_configs', 'slack_configs', 'email_configs', 'pagerduty_configs'].includes(k)
    )
      notes.unmapped(`${at}.${k}`, `${k.replace(/_configs$/, '')} receivers are not in mon's receiver table; left out`);
  const kinds = ['webhook', 'slack', 'email', 'pagerduty'].filter((k) => out[k as keyof ReceiverSpec]);
  if (!kinds.length && Object.keys(r).some((k) => k.endsWith('_configs')))
    notes.adapted(at, 'nothing of this receiver could be mapped: it is a null receiver now', path);
  return out;
}

function timeInterval(notes: FileNotes, t: Json, at: string): TimeIntervalSpec {
  const out: TimeIntervalSpec = { name: String(t.name), intervals: [] };
  for (const [i, iv] of list(t.time_intervals).entries()) {
    const x: TimeIntervalSpec['intervals'][number] = {};
    const times = list(iv.times);
    if (times.length) x.times = times.map((r) => ({ start: String(r.start_time), end: String(r.end_time) }));
    if (Array.isArray(iv.weekdays)) x.weekdays = iv.weekdays.map(String);
    if (Array.isArray(iv.days_of_month)) x.daysOfMonth = iv.days_of_month.map(String);
    if (Array.isArray(iv.months)) x.months = iv.months.map(String);
    if (Array.isArray(iv.years)) x.years = iv.years.map(String);
    if (typeof iv.location === 'string') out.location = iv.location;
    leftover(notes, `${at}.time_intervals[${i}]`, iv, [
      'times',
      'weekdays',
      'days_of_month',
      'months',
      'years',
      'location',
    ]);
    out.intervals.push(x);
  }
  return out;
}

/** alertmanager.yml -> the spec's notifications: receivers, the route tree, inhibit rules, time intervals. */
export function importAlertmanager(notes: FileNotes, config: Json): NotificationsSpec {
  const global = isObject(config.global) ? config.global : {};
  const n: NotificationsSpec = {};
  if (typeof global.resolve_timeout === 'string') n.resolveTimeout = global.resolve_timeout;
  leftover(notes, 'global', global, [
    'resolve_timeout',
    'slack_api_url',
    'slack_api_url_file',
    'smtp_from',
    'smtp_smarthost',
    'smtp_auth_username',
    'smtp_auth_password',
    'smtp_auth_password_file',
    'smtp_require_tls',
  ]);
  n.receivers = list(config.receivers).map((r, i) => receiver(notes, r, i, global));
  if (isObject(config.route)) n.route = route(notes, config.route, 'route', true);
  n.inhibit = list(config.inhibit_rules).map((r, i) => {
    const at = `inhibit_rules[${i}]`;
    const rule = {
      source: matchers(notes, at, r.source_match, r.source_match_re, r.source_matchers),
      target: matchers(notes, at, r.target_match, r.target_match_re, r.target_matchers),
      ...(Array.isArray(r.equal) ? { equal: r.equal.map(String) } : {}),
    };
    leftover(notes, at, r, [
      'source_match',
      'source_match_re',
      'source_matchers',
      'target_match',
      'target_match_re',
      'target_matchers',
      'equal',
    ]);
    return rule;
  });
  if (!n.inhibit.length)
    notes.comment(['notifications', 'inhibit'], 'none in the input (mon would add one by default)');
  const intervals = [...list(config.time_intervals), ...list(config.mute_time_intervals)];
  if (intervals.length) n.timeIntervals = intervals.map((t, i) => timeInterval(notes, t, `time_intervals[${i}]`));
  if (config.templates !== undefined)
    notes.unmapped(
      'templates',
      "notification templates: the spec has none (receivers use Alertmanager's default texts)",
    );
  leftover(notes, '', config, [
    'global',
    'receivers',
    'route',
    'inhibit_rules',
    'time_intervals',
    'mute_time_intervals',
    'templates',
  ]);
  return n;
}
