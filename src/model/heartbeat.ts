import type { SpecPath } from '../spec/diagnostics.js';
import type { NotificationsSpec } from '../spec/types.js';
import { heartbeat, labelKeys, ruleGroup, TEST_INTERVAL } from './conventions.js';
import type { Route, RuleGroup } from './types.js';

/** `notifications.heartbeat`, defaults filled. */
export interface Heartbeat {
  receiver: string;
  repeatInterval: string;
  source: SpecPath;
}

export const heartbeatModel = (n: NotificationsSpec | undefined): Heartbeat | undefined =>
  n?.heartbeat && {
    receiver: n.heartbeat.receiver,
    repeatInterval: n.heartbeat.repeatInterval ?? heartbeat.repeatInterval,
    source: ['notifications', 'heartbeat'],
  };

const LABELS = { [labelKeys.severity]: 'none', [heartbeat.label]: 'true' };
/**
 * A few seconds of `for`: a just-(re)started Prometheus learns of Alertmanager through discovery
 * (updates batched every 5 s) and drops what it sends before, resending a firing alert only a
 * minute later (--rules.alert.resend-delay); firing at its second evaluation, the first
 * notification goes out once Alertmanager is known (as the fire drill does, src/verify/drill.ts).
 */
const FOR = '10s';
/** The Watchdog alert's labels as Alertmanager gets them (routing expectations, verify). */
export const heartbeatAlertLabels = (): Record<string, string> => ({ alertname: heartbeat.alert, ...LABELS });

/**
 * The dead man's switch: an alert that always fires (`vector(1)`), so that its notification
 * arriving every repeat interval says the whole path (Prometheus evaluates, sends to
 * Alertmanager, which routes and delivers) works; when it stops, something outside the stack
 * must page. Its promtool test: firing from the first evaluation, with its labels and annotations.
 */
export function heartbeatGroup(project: string, h: Heartbeat): RuleGroup {
  const annotations = {
    summary: 'Heartbeat: always firing while the alerting pipeline works',
    description: `Sent to ${h.receiver} every ${h.repeatInterval}. If it stops arriving, Prometheus, Alertmanager or the delivery to ${h.receiver} is broken.`,
  };
  return {
    name: ruleGroup(project, heartbeat.pack),
    pack: heartbeat.pack,
    rules: [
      {
        kind: 'alert',
        alert: heartbeat.alert,
        expr: 'vector(1)',
        for: FOR,
        labels: { ...LABELS },
        annotations,
        source: h.source,
        tests: [
          {
            name: `${heartbeat.alert} always fires, past its for`,
            interval: TEST_INTERVAL,
            series: [],
            alerts: [
              { at: '0m', alert: heartbeat.alert, expect: [] },
              { at: '1m', alert: heartbeat.alert, expect: [{ labels: { ...LABELS }, annotations }] },
              { at: '1h', alert: heartbeat.alert, expect: [{ labels: { ...LABELS }, annotations }] },
            ],
            samples: [],
          },
        ],
      },
    ],
  };
}

/**
 * Its route: first under the root and without `continue`, so it reaches the named receiver only
 * (no other route sees it), at once (group_wait 0s), again every repeat interval (group_interval
 * no longer than it: Alertmanager repeats only on a group_interval tick).
 */
export const heartbeatRoute = (h: Heartbeat): Route => ({
  receiver: h.receiver,
  matchers: [{ name: heartbeat.label, op: '=', value: 'true' }],
  groupBy: ['alertname'],
  groupWait: '0s',
  groupInterval: h.repeatInterval,
  repeatInterval: h.repeatInterval,
  continue: false,
  muteTimeIntervals: [],
  activeTimeIntervals: [],
  routes: [],
  source: h.source,
});
