import { formatMatcher, type Matcher, parseMatcher } from '../routing/matchers.js';
import type { AlertRule, Route, RuleGroup, UnitTest } from '../model/types.js';
import { escalationNames } from '../model/conventions.js';
import type { SpecPath } from '../spec/diagnostics.js';
import { formatDuration, parseDuration } from '../spec/duration.js';
import type { RouteSpec, Spec } from '../spec/types.js';
import { selector } from '../packs/types.js';
import { labelsFor } from '../slo/tests.js';

/** One tier of `escalate:`: after this long firing unresolved, notify this receiver too. */
export interface EscalationTierSpec {
  after: string;
  receiver: string;
}

/** An `escalate:` list, on a custom alerting rule or on a route, resolved. */
export interface Escalation {
  /** `rule-<Alert>` or `route-<i>-<j>` */
  id: string;
  /** the alert names' stem: the rule's name, or Route<i>_<j> */
  stem: string;
  /** what the escalated alerts carry: the route's matchers with its parents', or alertname="<rule>" */
  matchers: Matcher[];
  tiers: EscalationTierSpec[];
  source: SpecPath;
}

const L = escalationNames.labels;
const parsed = (list: readonly string[] | undefined): Matcher[] => (list ?? []).map((m) => parseMatcher(m) as Matcher);

/** Every escalation of the spec: custom rules first, then routes depth-first. */
export function escalations(spec: Spec): Escalation[] {
  const out: Escalation[] = [];
  (spec.alerts?.rules ?? []).forEach((r, i) => {
    if (r.alert && r.escalate?.length)
      out.push({
        id: `rule-${r.alert}`,
        stem: r.alert,
        matchers: [{ name: 'alertname', op: '=', value: r.alert }],
        tiers: r.escalate,
        source: ['alerts', 'rules', i, 'escalate'],
      });
  });
  const walk = (route: RouteSpec, path: number[], source: SpecPath, inherited: Matcher[]) => {
    const matchers = [...inherited, ...parsed(route.matchers)];
    if (route.escalate?.length)
      out.push({
        id: ['route', ...path].join('-'),
        stem: `Route${path.join('_')}`,
        matchers,
        tiers: route.escalate,
        source: [...source, 'escalate'],
      });
    (route.routes ?? []).forEach((child, i) => walk(child, [...path, i], [...source, 'routes', i], matchers));
  };
  if (spec.notifications?.route) walk(spec.notifications.route, [], ['notifications', 'route'], []);
  return out;
}

const alertName = (e: Escalation, tier: number) => `${e.stem}Escalated${tier + 1}`;

/**
 * A tier as Prometheus can say it: an alert on the ALERTS series of the alerts it escalates
 * (firing, not escalations themselves) that holds for `after`; the original name is kept in
 * `escalated_alert`. Alertmanager routes it by its labels (escalationRoutes) to the tier's receiver.
 */
export function escalationRule(e: Escalation, tier: number): AlertRule {
  const t = e.tiers[tier]!;
  const sel = [...e.matchers.map(formatMatcher), 'alertstate="firing"', `${L.tier}=""`].join(',');
  const rule: AlertRule = {
    kind: 'alert',
    alert: alertName(e, tier),
    expr: `label_replace(max without (alertstate) (ALERTS{${sel}}), "${L.alert}", "$1", "alertname", "(.*)")`,
    for: t.after,
    labels: { [L.id]: e.id, [L.tier]: String(tier + 1), [L.to]: t.receiver },
    annotations: {
      summary: `{{ $labels.${L.alert} }} has been firing for ${t.after}: escalated to ${t.receiver} (tier ${tier + 1})`,
    },
    source: [...e.source, tier],
    tests: [],
  };
  rule.tests = escalationTests(e, tier, rule);
  return rule;
}

/** Two tests: firing unresolved for `after` escalates (not a minute earlier); resolved 2 minutes before, it does not. */
function escalationTests(e: Escalation, tier: number, rule: AlertRule): UnitTest[] {
  const labels = labelsFor(e.matchers.filter((m) => m.name !== 'alertname'));
  if (!labels) return [];
  const original = e.matchers.find((m) => m.name === 'alertname' && m.op === '=')?.value ?? 'SomeAlert';
  const input = { alertname: original, alertstate: 'firing', ...labels };
  const after = Math.round(parseDuration(e.tiers[tier]!.after)! / 60_000);
  const at = (m: number) => formatDuration(m * 60_000);
  const expected = {
    ...labels,
    [L.alert]: original,
    ...rule.labels,
  };
  const annotations = {
    summary: `${original} has been firing for ${e.tiers[tier]!.after}: escalated to ${e.tiers[tier]!.receiver} (tier ${tier + 1})`,
  };
  const series = selector('ALERTS', input);
  return [
    {
      name: `${rule.alert}: ${original} firing unresolved escalates after ${e.tiers[tier]!.after}`,
      interval: '1m',
      series: [{ series, values: `1x${after + 3}` }],
      alerts: [
        { at: at(Math.max(0, after - 1)), alert: rule.alert, expect: [] },
        { at: at(after + 1), alert: rule.alert, expect: [{ labels: expected, annotations }] },
      ],
      samples: [],
    },
    {
      name: `${rule.alert}: ${original} resolved 2m before ${e.tiers[tier]!.after} does not escalate`,
      interval: '1m',
      series: [{ series, values: `1x${Math.max(0, after - 3)} stale` }],
      alerts: [{ at: at(after + 1), alert: rule.alert, expect: [] }],
      samples: [],
    },
  ];
}

/** The escalation alerts in one group, <project>_escalation_rules (none: undefined). */
export function escalationRuleGroup(project: string, spec: Spec): RuleGroup | undefined {
  const rules = escalations(spec).flatMap((e) => e.tiers.map((_, i) => escalationRule(e, i)));
  return rules.length ? { name: escalationNames.group(project), pack: 'escalation', rules } : undefined;
}

/** Routes first under the root: each tier's alerts to its receiver only (no `continue`). */
export function escalationRoutes(spec: Spec): Route[] {
  return escalations(spec).flatMap((e) =>
    e.tiers.map((t, i) => ({
      receiver: t.receiver,
      matchers: [
        { name: L.id, op: '=' as const, value: e.id },
        { name: L.tier, op: '=' as const, value: String(i + 1) },
      ],
      continue: false,
      muteTimeIntervals: [],
      activeTimeIntervals: [],
      routes: [],
      source: [...e.source, i],
    })),
  );
}
