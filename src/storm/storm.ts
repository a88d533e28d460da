import type { AlertRule, RuleGroup, UnitTest } from '../model/types.js';
import { stormNames as N } from '../model/conventions.js';
import type { Matcher } from '../routing/matchers.js';
import { selector } from '../packs/types.js';

/** `alerts.storm`: when this many alerts of one service fire at once, one summary alert holds back the rest. */
export interface StormSpec {
  /** firing alerts of one service (its `service` label) that make a storm */
  threshold: number;
}

/**
 * The summary alert: the firing alerts of a service (ALERTS, Prometheus's own series of its alerts;
 * the summary itself left out by its `storm` label) counted by `service`, at or over the threshold.
 */
export function stormRule(s: StormSpec): AlertRule {
  const rule: AlertRule = {
    kind: 'alert',
    alert: N.alert,
    expr: `count by (service) (ALERTS{alertstate="firing",service!="",${N.label}=""}) >= ${s.threshold}`,
    labels: { severity: 'warning', [N.label]: 'true' },
    annotations: {
      summary: `{{ $value }} alerts of {{ $labels.service }} are firing at once: its warning and info alerts are held back (inhibited) while this fires; critical ones still notify`,
    },
    source: ['alerts', 'storm'],
    tests: [],
  };
  rule.tests = stormTests(s, rule);
  return rule;
}

/** threshold alerts of one service fire the summary; one fewer, or spread over two services, do not. */
function stormTests(s: StormSpec, rule: AlertRule): UnitTest[] {
  const alerts = (n: number, service: (i: number) => string) =>
    Array.from({ length: n }, (_, i) => ({
      series: selector('ALERTS', {
        alertname: `Alert${i + 1}`,
        alertstate: 'firing',
        service: service(i),
        severity: 'warning',
      }),
      values: '1x5',
    }));
  const summary = (n: number, service: string) =>
    rule.annotations.summary!.replace('{{ $value }}', String(n)).replace('{{ $labels.service }}', service);
  return [
    {
      name: `${rule.alert}: ${s.threshold} alerts of one service firing at once are a storm`,
      interval: '1m',
      series: alerts(s.threshold, () => 'api'),
      alerts: [
        {
          at: '1m',
          alert: rule.alert,
          expect: [
            { labels: { service: 'api', ...rule.labels }, annotations: { summary: summary(s.threshold, 'api') } },
          ],
        },
      ],
      samples: [],
    },
    {
      name: `${rule.alert}: ${s.threshold - 1} alerts of one service are not a storm`,
      interval: '1m',
      series: alerts(s.threshold - 1, () => 'api'),
      alerts: [{ at: '1m', alert: rule.alert, expect: [] }],
      samples: [],
    },
    {
      name: `${rule.alert}: ${s.threshold} alerts over two services are not a storm`,
      interval: '1m',
      series: alerts(s.threshold, (i) => (i % 2 ? 'api' : 'web')),
      alerts: [{ at: '1m', alert: rule.alert, expect: [] }],
      samples: [],
    },
  ];
}

export function stormRuleGroup(project: string, s: StormSpec | undefined): RuleGroup | undefined {
  return s ? { name: N.group(project), pack: 'storm', rules: [stormRule(s)] } : undefined;
}

/** The inhibition: while a service's summary fires, its warning and info alerts are not sent (critical ones are). */
export function stormInhibit(s: StormSpec | undefined): { source: Matcher[]; target: Matcher[]; equal: string[] }[] {
  if (!s) return [];
  return [
    {
      source: [{ name: 'alertname', op: '=', value: N.alert }],
      target: [
        { name: N.label, op: '!=', value: 'true' },
        { name: 'severity', op: '=~', value: 'warning|info' },
      ],
      equal: ['service'],
    },
  ];
}
