import type { AlertRule, Model, Route } from '../model/types.js';
import { isNullReceiver } from '../receivers/index.js';
import { matchesAll } from './matchers.js';

/** The routes an alert ends in, in Alertmanager's order (depth first, `continue` goes on). */
export function matchRoutes(route: Route, labels: Record<string, string>): Route[] {
  const found: Route[] = [];
  for (const child of route.routes) {
    if (!matchesAll(child.matchers, labels)) continue;
    found.push(...matchRoutes(child, labels));
    if (!child.continue) break;
  }
  return found.length ? found : [route];
}

export const receiversFor = (route: Route, labels: Record<string, string>) =>
  matchRoutes(route, labels).map((r) => r.receiver);

export { isNullReceiver };

export interface RoutedAlert {
  alert: string;
  group: string;
  /** what is known before the alert fires: its name and the rule's labels */
  labels: Record<string, string>;
  receivers: string[];
  /** alerts that can inhibit this one, judged by their static labels */
  inhibitedBy: string[];
  /** reached only through the root route, or only null receivers */
  unrouted?: 'default' | 'null';
  rule: AlertRule;
}

export const staticLabels = (rule: AlertRule): Record<string, string> => ({ alertname: rule.alert, ...rule.labels });

const matrices = new WeakMap<Model, RoutedAlert[]>();

/** For every generated alert: the receivers it reaches and the alerts that can inhibit it (once per model). */
export function routingMatrix(model: Model): RoutedAlert[] {
  let rows = matrices.get(model);
  if (!rows) matrices.set(model, (rows = matrixOf(model)));
  return rows;
}

function matrixOf(model: Model): RoutedAlert[] {
  const am = model.alertmanager;
  const alerts = model.ruleGroups.flatMap((g) =>
    g.rules
      .filter((r): r is AlertRule => r.kind === 'alert')
      .map((rule) => ({ group: g.name, rule, labels: staticLabels(rule) })),
  );
  const nullReceivers = new Set(am.receivers.filter(isNullReceiver).map((r) => r.name));
  // each inhibit rule's matchers evaluated once per alert, not once per pair of alerts
  const sourceOf = am.inhibit.map((i) => alerts.map((s) => matchesAll(i.source, s.labels)));
  // the alerts each inhibit rule's source matches, in order: a target looks at those only
  const sources = sourceOf.map((row) => row.flatMap((hit, k) => (hit ? [k] : [])));
  return alerts.map(({ group, rule, labels }) => {
    const routes = matchRoutes(am.route, labels);
    const receivers = routes.map((r) => r.receiver);
    const targets = am.inhibit.map((i) => matchesAll(i.target, labels));
    const by = new Set<number>();
    am.inhibit.forEach((i, n) => {
      if (!targets[n]) return;
      for (const k of sources[n]!) {
        const s = alerts[k]!;
        if (
          s.rule !== rule &&
          i.equal.every((l) => labels[l] === undefined || s.labels[l] === undefined || labels[l] === s.labels[l])
        )
          by.add(k);
      }
    });
    // in the alerts' order, as a filter over all of them gave it
    const inhibitedBy = [...by].sort((a, b) => a - b).map((k) => alerts[k]!.rule.alert);
    const row: RoutedAlert = { alert: rule.alert, group, labels, receivers, inhibitedBy, rule };
    if (receivers.every((r) => nullReceivers.has(r))) row.unrouted = 'null';
    else if (routes.length === 1 && routes[0] === am.route && am.route.routes.length > 0) row.unrouted = 'default';
    return row;
  });
}
