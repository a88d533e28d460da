import { escalations } from '../escalation/escalation.js';
import { parseMatcher } from '../routing/matchers.js';
import type { SpecPath } from './diagnostics.js';
import type { Reporter } from './reporter.js';
import { rule, type SpecRule } from './rule.js';
import { didYouMean } from './suggest.js';
import { checkTemplate } from './templates.js';
import { parseDuration } from './duration.js';
import type { NotificationsSpec, RouteSpec } from './types.js';

const DINGTALK_TARGET = /^[a-zA-Z][a-zA-Z0-9_-]*$/;

function checkMatchers(r: Reporter, path: SpecPath, list: string[] | undefined): void {
  (list ?? []).forEach((m, i) => {
    const parsed = parseMatcher(m);
    if ('error' in parsed) r.report([...path, i], parsed.error);
  });
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function receiverNames(n: NotificationsSpec): Map<string, number> {
  const receivers = new Map<string, number>();
  (n.receivers ?? []).forEach((rc, i) => receivers.has(rc.name) || receivers.set(rc.name, i));
  return receivers;
}
const intervalNames = (n: NotificationsSpec) => new Set((n.timeIntervals ?? []).map((t) => t.name));

/** Every route of the tree, depth first, with its path and whether it is the root. */
export function routesOf(n: NotificationsSpec): Array<{ route: RouteSpec; path: SpecPath; root: boolean }> {
  const out: Array<{ route: RouteSpec; path: SpecPath; root: boolean }> = [];
  const walk = (route: RouteSpec, path: SpecPath, root: boolean) => {
    out.push({ route, path, root });
    (route.routes ?? []).forEach((child, i) => walk(child, [...path, 'routes', i], false));
  };
  if (n.route) walk(n.route, [...BASE, 'route'], true);
  return out;
}

/** The receivers that routes and expectations name (the default route's when there is no route). */
function usedReceivers(n: NotificationsSpec): Set<string> {
  const used = new Set<string>();
  for (const { route } of routesOf(n)) if (route.receiver !== undefined) used.add(route.receiver);
  if (!n.route && n.receivers?.length) used.add(n.receivers[0]!.name);
  for (const e of n.expect ?? []) e.receivers.forEach((name) => used.add(name));
  if (n.heartbeat) used.add(n.heartbeat.receiver);
  return used;
}

const BASE: SpecPath = ['notifications'];

/** A rule over `notifications:`, skipped when the spec has none. */
const notificationRule = (name: string, check: (n: NotificationsSpec, r: Reporter) => void) =>
  rule(name, ({ spec }, r) => spec.notifications && check(spec.notifications, r));

/** Every receiver, route, inhibit rule, time interval and expectation of `notifications:`. */
export const notificationRules: SpecRule[] = [
  notificationRule('pagerduty-one-key', (n, r) => {
    (n.receivers ?? []).forEach((rc, i) => {
      const p = rc.pagerduty;
      if (p && (p.routingKey === undefined) === (p.serviceKey === undefined))
        r.report(
          [...BASE, 'receivers', i, 'pagerduty'],
          'must hold exactly one of routingKey (Events API v2) or serviceKey (Events API v1)',
        );
    });
  }),
  notificationRule('receiver-names', (n, r) => {
    const receivers = new Map<string, number>();
    (n.receivers ?? []).forEach((rc, i) => {
      const first = receivers.get(rc.name);
      if (first !== undefined)
        r.report(
          [...BASE, 'receivers', i, 'name'],
          `duplicate receiver name "${rc.name}" (first defined at line ${r.lineOf([...BASE, 'receivers', first, 'name'])})`,
        );
      else receivers.set(rc.name, i);
      if (rc.dingtalk && !DINGTALK_TARGET.test(rc.name)) {
        r.report(
          [...BASE, 'receivers', i, 'name'],
          `a DingTalk receiver's name becomes a bridge target and must match ${DINGTALK_TARGET.source}`,
        );
      }
      const jira = rc.jira;
      if (jira?.password && !jira.username)
        r.report([...BASE, 'receivers', i, 'jira', 'password'], 'a Jira password needs a username (basic auth)', {
          key: true,
          hint: 'add username:, or use token: (a bearer token)',
        });
      if (jira?.password && jira.token)
        r.report([...BASE, 'receivers', i, 'jira', 'token'], 'a Jira receiver takes a password or a token, not both', {
          key: true,
        });
    });
  }),

  notificationRule('time-intervals', (n, r) => {
    const seen = new Set<string>();
    (n.timeIntervals ?? []).forEach((t, i) => {
      const path: SpecPath = [...BASE, 'timeIntervals', i];
      if (seen.has(t.name)) r.report([...path, 'name'], `duplicate time interval name "${t.name}"`);
      seen.add(t.name);
      if (t.location !== undefined && !validZone(t.location))
        r.report([...path, 'location'], `unknown time zone "${t.location}"`, {
          hint: 'use an IANA zone like Asia/Shanghai or Europe/Berlin',
        });
      t.intervals.forEach((iv, j) =>
        (iv.times ?? []).forEach((x, k) => {
          if (x.start >= x.end)
            r.report([...path, 'intervals', j, 'times', k], `start ${x.start} is not before end ${x.end}`);
        }),
      );
    });
  }),

  notificationRule('route-receivers', (n, r) => {
    const receivers = receiverNames(n);
    const ref = (path: SpecPath, name: string) => {
      if (!receivers.has(name)) {
        r.report(path, `no receiver named "${name}"${didYouMean(name, receivers.keys())}`, {
          hint: receivers.size
            ? `receivers are: ${[...receivers.keys()].join(', ')}`
            : 'define it under notifications.receivers',
        });
      }
    };
    for (const { route, path } of routesOf(n))
      if (route.receiver !== undefined) ref([...path, 'receiver'], route.receiver);
    (n.expect ?? []).forEach((e, i) =>
      e.receivers.forEach((name, j) => ref([...BASE, 'expect', i, 'receivers', j], name)),
    );
    if (n.heartbeat) ref([...BASE, 'heartbeat', 'receiver'], n.heartbeat.receiver);
  }),

  notificationRule('route-matchers', (n, r) => {
    for (const { route, path } of routesOf(n)) checkMatchers(r, [...path, 'matchers'], route.matchers);
  }),

  notificationRule('root-route', (n, r) => {
    const root = n.route;
    if (!root) return;
    const path: SpecPath = [...BASE, 'route'];
    if (root.matchers?.length)
      r.report([...path, 'matchers'], 'the root route matches every alert and takes no matchers', {
        key: true,
        hint: 'put matchers on a child route under routes:',
      });
    if (root.muteTimeIntervals?.length)
      r.report([...path, 'muteTimeIntervals'], 'the root route cannot be muted', {
        key: true,
        hint: 'mute a child route',
      });
    if (root.activeTimeIntervals?.length)
      r.report([...path, 'activeTimeIntervals'], 'the root route cannot have active time intervals', { key: true });
  }),

  notificationRule('route-time-intervals', (n, r) => {
    const intervals = intervalNames(n);
    const refs = (path: SpecPath, names: string[] | undefined) =>
      (names ?? []).forEach((name, i) => {
        if (!intervals.has(name))
          r.report([...path, i], `no time interval named "${name}"${didYouMean(name, intervals)}`);
      });
    for (const { route, path } of routesOf(n)) {
      refs([...path, 'muteTimeIntervals'], route.muteTimeIntervals);
      refs([...path, 'activeTimeIntervals'], route.activeTimeIntervals);
    }
  }),

  // Alertmanager refuses the whole config for one broken template: its syntax is checked here,
  // located; what the data and functions make of it, `mon validate` renders with amtool
  notificationRule('message-templates', (n, r) => {
    for (const [kind, fields] of Object.entries(n.templates ?? {}))
      for (const [field, text] of Object.entries((fields ?? {}) as Record<string, string | undefined>)) {
        if (typeof text !== 'string') continue;
        const problem = checkTemplate(text, 'structure');
        if (problem)
          r.report([...BASE, 'templates', kind, field], `invalid template: ${problem.message}`, {
            offset: problem.offset,
          });
      }
  }),

  notificationRule('inhibit-matchers', (n, r) => {
    (n.inhibit ?? []).forEach((x, i) => {
      checkMatchers(r, [...BASE, 'inhibit', i, 'source'], x.source);
      checkMatchers(r, [...BASE, 'inhibit', i, 'target'], x.target);
    });
  }),

  // the heartbeat (a dead man's switch) needs Alertmanager, a repeat, and a receiver (route-receivers)
  rule('heartbeat', ({ spec }, r) => {
    const h = spec.notifications?.heartbeat;
    if (!h) return;
    const path: SpecPath = [...BASE, 'heartbeat'];
    if (spec.alertmanager?.enabled === false)
      r.report(path, 'a heartbeat needs Alertmanager: alertmanager.enabled is false', {
        key: true,
        hint: 'enable Alertmanager, or remove notifications.heartbeat',
      });
    if (h.repeatInterval !== undefined && parseDuration(h.repeatInterval) === 0)
      r.report(
        [...path, 'repeatInterval'],
        `must be longer than 0, got "${h.repeatInterval}": Alertmanager refuses a zero repeatInterval`,
      );
  }),

  rule('receivers-used', ({ spec }, r) => {
    const n = spec.notifications;
    if (!n) return;
    const used = usedReceivers(n);
    // escalation tiers (src/escalation/) route to their receivers too
    for (const e of escalations(spec)) e.tiers.forEach((t) => used.add(t.receiver));
    for (const [name, i] of receiverNames(n)) {
      if (!used.has(name)) r.warn([...BASE, 'receivers', i, 'name'], `receiver "${name}" is not used by any route`);
    }
  }),
];
