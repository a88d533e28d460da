import { parseMatcher } from '../routing/matchers.js';
import type { SpecPath } from './diagnostics.js';
import type { Reporter } from './reporter.js';
import { didYouMean } from './suggest.js';
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

/** Every receiver, route, inhibit rule, time interval and expectation of `notifications:`. */
export function notificationDiagnostics(r: Reporter, n: NotificationsSpec | undefined): void {
  if (!n) return;
  const base: SpecPath = ['notifications'];
  const receivers = new Map<string, number>();
  (n.receivers ?? []).forEach((rc, i) => {
    const first = receivers.get(rc.name);
    if (first !== undefined) r.report([...base, 'receivers', i, 'name'], `duplicate receiver name "${rc.name}" (first defined at line ${r.lineOf([...base, 'receivers', first, 'name'])})`);
    else receivers.set(rc.name, i);
    if (rc.dingtalk && !DINGTALK_TARGET.test(rc.name)) {
      r.report([...base, 'receivers', i, 'name'], `a DingTalk receiver's name becomes a bridge target and must match ${DINGTALK_TARGET.source}`);
    }
    const jira = rc.jira;
    if (jira?.password && !jira.username) r.report([...base, 'receivers', i, 'jira', 'password'], 'a Jira password needs a username (basic auth)', { key: true, hint: 'add username:, or use token: (a bearer token)' });
    if (jira?.password && jira.token) r.report([...base, 'receivers', i, 'jira', 'token'], 'a Jira receiver takes a password or a token, not both', { key: true });
  });

  const intervals = new Map<string, number>();
  (n.timeIntervals ?? []).forEach((t, i) => {
    const path: SpecPath = [...base, 'timeIntervals', i];
    if (intervals.has(t.name)) r.report([...path, 'name'], `duplicate time interval name "${t.name}"`);
    intervals.set(t.name, i);
    if (t.location !== undefined && !validZone(t.location)) r.report([...path, 'location'], `unknown time zone "${t.location}"`, { hint: 'use an IANA zone like Asia/Shanghai or Europe/Berlin' });
    t.intervals.forEach((iv, j) =>
      (iv.times ?? []).forEach((x, k) => {
        if (x.start >= x.end) r.report([...path, 'intervals', j, 'times', k], `start ${x.start} is not before end ${x.end}`);
      }),
    );
  });

  const used = new Set<string>();
  const receiverRef = (path: SpecPath, name: string | undefined) => {
    if (name === undefined) return;
    used.add(name);
    if (!receivers.has(name)) {
      r.report(path, `no receiver named "${name}"${didYouMean(name, receivers.keys())}`, { hint: receivers.size ? `receivers are: ${[...receivers.keys()].join(', ')}` : 'define it under notifications.receivers' });
    }
  };
  const intervalRefs = (path: SpecPath, names: string[] | undefined) =>
    (names ?? []).forEach((name, i) => {
      if (!intervals.has(name)) r.report([...path, i], `no time interval named "${name}"${didYouMean(name, intervals.keys())}`);
    });
  const walk = (route: RouteSpec, path: SpecPath, root: boolean) => {
    receiverRef([...path, 'receiver'], route.receiver);
    checkMatchers(r, [...path, 'matchers'], route.matchers);
    if (root && route.matchers?.length) r.report([...path, 'matchers'], 'the root route matches every alert and takes no matchers', { key: true, hint: 'put matchers on a child route under routes:' });
    if (root && route.muteTimeIntervals?.length) r.report([...path, 'muteTimeIntervals'], 'the root route cannot be muted', { key: true, hint: 'mute a child route' });
    if (root && route.activeTimeIntervals?.length) r.report([...path, 'activeTimeIntervals'], 'the root route cannot have active time intervals', { key: true });
    intervalRefs([...path, 'muteTimeIntervals'], route.muteTimeIntervals);
    intervalRefs([...path, 'activeTimeIntervals'], route.activeTimeIntervals);
    (route.routes ?? []).forEach((child, i) => walk(child, [...path, 'routes', i], false));
  };
  if (n.route) walk(n.route, [...base, 'route'], true);
  else if (receivers.size) used.add([...receivers.keys()][0]!); // the first receiver is the default route's

  (n.inhibit ?? []).forEach((rule, i) => {
    checkMatchers(r, [...base, 'inhibit', i, 'source'], rule.source);
    checkMatchers(r, [...base, 'inhibit', i, 'target'], rule.target);
  });
  (n.expect ?? []).forEach((e, i) => e.receivers.forEach((name, j) => receiverRef([...base, 'expect', i, 'receivers', j], name)));

  for (const [name, i] of receivers) {
    if (!used.has(name)) r.warn([...base, 'receivers', i, 'name'], `receiver "${name}" is not used by any route`);
  }
}
