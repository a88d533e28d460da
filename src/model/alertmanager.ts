import { type Matcher, parseMatcher } from '../routing/matchers.js';
import type { SpecPath } from '../spec/diagnostics.js';
import type { NotificationsSpec, RouteSpec, SecretRef } from '../spec/types.js';
import { DEFAULT_RECEIVER } from './conventions.js';
import { defaults } from './defaults.js';
import { newerReceiversModel } from './receivers-newer.js';
import type { Alertmanager, Receiver, Route, Secret } from './types.js';

export const secret = (ref: SecretRef): Secret => ('env' in ref ? { kind: 'env', name: ref.env } : { kind: 'file', path: ref.file });

/** Matchers were checked by the spec rules; here they only change shape. */
const parsed = (list: readonly string[] | undefined): Matcher[] => (list ?? []).map((m) => parseMatcher(m) as Matcher);

function route(spec: RouteSpec, source: SpecPath, root: boolean, fallbackReceiver: string): Route {
  const d = defaults.alertmanager;
  const r: Route = {
    receiver: spec.receiver ?? fallbackReceiver,
    matchers: parsed(spec.matchers),
    continue: spec.continue ?? false,
    muteTimeIntervals: spec.muteTimeIntervals ?? [],
    activeTimeIntervals: spec.activeTimeIntervals ?? [],
    routes: (spec.routes ?? []).map((child, i) => route(child, [...source, 'routes', i], false, spec.receiver ?? fallbackReceiver)),
    source,
  };
  // the root carries the defaults; children inherit them, as in Alertmanager
  const groupBy = spec.groupBy ?? (root ? [...d.groupBy] : undefined);
  const groupWait = spec.groupWait ?? (root ? d.groupWait : undefined);
  const groupInterval = spec.groupInterval ?? (root ? d.groupInterval : undefined);
  const repeatInterval = spec.repeatInterval ?? (root ? d.repeatInterval : undefined);
  if (groupBy) r.groupBy = groupBy;
  if (groupWait) r.groupWait = groupWait;
  if (groupInterval) r.groupInterval = groupInterval;
  if (repeatInterval) r.repeatInterval = repeatInterval;
  return r;
}

function receiver(spec: NonNullable<NotificationsSpec['receivers']>[number], i: number): Receiver {
  const r: Receiver = { name: spec.name, source: ['notifications', 'receivers', i] };
  if (spec.webhook) r.webhook = { url: spec.webhook.url, sendResolved: spec.webhook.sendResolved ?? true, maxAlerts: spec.webhook.maxAlerts };
  if (spec.slack) r.slack = { ...spec.slack, apiUrl: secret(spec.slack.apiUrl), sendResolved: spec.slack.sendResolved ?? true };
  if (spec.email) {
    const { password, ...rest } = spec.email;
    r.email = { ...rest, requireTls: spec.email.requireTls ?? true, sendResolved: spec.email.sendResolved ?? false };
    if (password) r.email.password = secret(password);
  }
  if (spec.dingtalk) r.dingtalk = { url: secret(spec.dingtalk.url), ...(spec.dingtalk.secret ? { secret: secret(spec.dingtalk.secret) } : {}) };
  if (spec.pagerduty) r.pagerduty = { routingKey: secret(spec.pagerduty.routingKey), severity: spec.pagerduty.severity, sendResolved: spec.pagerduty.sendResolved ?? true };
  const newer = newerReceiversModel(spec);
  if (Object.keys(newer).length) r.newer = newer;
  return r;
}

/** `notifications:` -> the Alertmanager model, defaults filled (a null receiver when none is named). */
export function alertmanagerModel(spec: NotificationsSpec | undefined, base: Pick<Alertmanager, 'enabled' | 'version' | 'address' | 'listenHost' | 'port' | 'hostPort'>): Alertmanager {
  const n = spec ?? {};
  const receivers = (n.receivers ?? []).map(receiver);
  if (!receivers.length) receivers.push({ name: DEFAULT_RECEIVER, source: ['notifications'] });
  const inhibit = (n.inhibit ?? defaults.alertmanager.inhibit).map((r) => ({ source: parsed(r.source), target: parsed(r.target), equal: [...(r.equal ?? [])] }));
  return {
    ...base,
    resolveTimeout: n.resolveTimeout ?? defaults.alertmanager.resolveTimeout,
    route: route(n.route ?? {}, ['notifications', 'route'], true, receivers[0]!.name),
    receivers,
    inhibit,
    timeIntervals: (n.timeIntervals ?? []).map((t) => ({ name: t.name, location: t.location, intervals: t.intervals })),
    expectations: (n.expect ?? []).map((e, i) => ({ labels: e.labels, receivers: e.receivers, source: ['notifications', 'expect', i] })),
  };
}
