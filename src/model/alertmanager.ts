import { type Matcher, parseMatcher } from '../routing/matchers.js';
import type { SpecPath } from '../spec/diagnostics.js';
import { receiverModel } from '../receivers/index.js';
import type { ReceiverContext } from '../receivers/types.js';
import type { NotificationsSpec, RouteSpec } from '../spec/types.js';
import { DEFAULT_RECEIVER } from './conventions.js';
import { defaults } from './defaults.js';
import type { Alertmanager, Route } from './types.js';
import { heartbeatAlertLabels, heartbeatModel, heartbeatRoute } from './heartbeat.js';

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
    routes: (spec.routes ?? []).map((child, i) =>
      route(child, [...source, 'routes', i], false, spec.receiver ?? fallbackReceiver),
    ),
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

/** `notifications:` -> the Alertmanager model, defaults filled (a null receiver when none is named). */
export function alertmanagerModel(
  spec: NotificationsSpec | undefined,
  base: Pick<Alertmanager, 'enabled' | 'version' | 'address' | 'listenHost' | 'port' | 'hostPort'>,
  ctx: ReceiverContext,
): Alertmanager {
  const n = spec ?? {};
  const receivers = (n.receivers ?? []).map((r, i) => receiverModel(r, ['notifications', 'receivers', i], ctx));
  if (!receivers.length) receivers.push({ name: DEFAULT_RECEIVER, source: ['notifications'] });
  const inhibit = (n.inhibit ?? defaults.alertmanager.inhibit).map((r) => ({
    source: parsed(r.source),
    target: parsed(r.target),
    equal: [...(r.equal ?? [])],
  }));
  const root = route(n.route ?? {}, ['notifications', 'route'], true, receivers[0]!.name);
  const heartbeat = heartbeatModel(n);
  // the heartbeat's route comes first and stops there: only its receiver sees the Watchdog
  if (heartbeat) root.routes.unshift(heartbeatRoute(heartbeat));
  return {
    ...base,
    ...(heartbeat ? { heartbeat } : {}),
    resolveTimeout: n.resolveTimeout ?? defaults.alertmanager.resolveTimeout,
    route: root,
    receivers,
    inhibit,
    timeIntervals: (n.timeIntervals ?? []).map((t) => ({ name: t.name, location: t.location, intervals: t.intervals })),
    ...(n.templates ? { templates: n.templates } : {}),
    expectations: [
      ...(n.expect ?? []).map((e, i) => ({
        labels: e.labels,
        receivers: e.receivers,
        source: ['notifications', 'expect', i] as SpecPath,
      })),
      // the heartbeat reaches its receiver and no other: `mon validate` checks it with amtool
      ...(heartbeat
        ? [{ labels: heartbeatAlertLabels(), receivers: [heartbeat.receiver], source: heartbeat.source }]
        : []),
    ],
  };
}
