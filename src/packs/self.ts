import { jobs } from '../model/conventions.js';
import { counter, gauge, shapes } from './fixtures.js';
import { quote, type Pack } from './types.js';

/** The monitoring stack watching itself: reloads, rule evaluation, notification delivery, targets. */
interface P {
  alertmanager: boolean;
}
const prom = { job: jobs.prometheus, instance: 'prometheus:9090' };
const am = { job: jobs.alertmanager, instance: 'alertmanager:9093' };
const j = quote;

export const self: Pack<P> = {
  name: 'self',
  params: (_section, ctx) => ({ alertmanager: ctx.alertmanagerEnabled }),
  rules: [
    {
      alert: 'PrometheusConfigReloadFailed',
      severity: 'critical',
      for: '10m',
      compare: '==',
      expr: () => `prometheus_config_last_reload_successful{job=${j(jobs.prometheus)}} == 0`,
      summary: () => 'Prometheus failed to reload its configuration',
      description: () => '{{ $labels.instance }} runs an old configuration: its last reload failed.',
      fixture: () => ({
        series: (v) => [gauge('prometheus_config_last_reload_successful', prom, v)],
        value: shapes.gauge,
        labels: prom,
      }),
    },
    {
      alert: 'PrometheusRuleEvaluationFailures',
      severity: 'critical',
      for: '15m',
      compare: '>',
      threshold: { default: 0, unit: 'number' },
      expr: (_p, t) => `increase(prometheus_rule_evaluation_failures_total{job=${j(jobs.prometheus)}}[5m]) > ${t}`,
      summary: () => 'Prometheus fails to evaluate rules',
      description: () =>
        '{{ $labels.instance }} failed {{ $value | humanize }} rule evaluations in 5 minutes (group {{ $labels.rule_group }}).',
      fixture: () => {
        const l = { ...prom, rule_group: 'rules.yml;alerts' };
        return {
          series: (v) => [counter('prometheus_rule_evaluation_failures_total', l, v / 300)],
          value: shapes.rate(5),
          labels: l,
        };
      },
    },
    {
      alert: 'PrometheusNotConnectedToAlertmanagers',
      severity: 'warning',
      for: '10m',
      compare: '<',
      threshold: { default: 1, unit: 'number' },
      when: (p) => p.alertmanager,
      expr: (_p, t) =>
        `max_over_time(prometheus_notifications_alertmanagers_discovered{job=${j(jobs.prometheus)}}[5m]) < ${t}`,
      summary: () => 'Prometheus is not connected to any Alertmanager',
      description: () => '{{ $labels.instance }} has discovered no Alertmanager: alerts are not delivered.',
      fixture: () => ({
        series: (v) => [gauge('prometheus_notifications_alertmanagers_discovered', prom, v)],
        value: shapes.gauge,
        labels: prom,
      }),
    },
    {
      alert: 'PrometheusNotificationsDropped',
      severity: 'warning',
      for: '15m',
      compare: '>',
      threshold: { default: 0, unit: 'number' },
      when: (p) => p.alertmanager,
      expr: (_p, t) => `increase(prometheus_notifications_dropped_total{job=${j(jobs.prometheus)}}[5m]) > ${t}`,
      summary: () => 'Prometheus drops alert notifications',
      description: () => '{{ $labels.instance }} dropped {{ $value | humanize }} notifications in 5 minutes.',
      fixture: () => ({
        series: (v) => [counter('prometheus_notifications_dropped_total', prom, v / 300)],
        value: shapes.rate(5),
        labels: prom,
      }),
    },
    {
      alert: 'AlertmanagerConfigReloadFailed',
      severity: 'critical',
      for: '10m',
      compare: '==',
      when: (p) => p.alertmanager,
      expr: () => `max_over_time(alertmanager_config_last_reload_successful{job=${j(jobs.alertmanager)}}[5m]) == 0`,
      summary: () => 'Alertmanager failed to reload its configuration',
      description: () => '{{ $labels.instance }} runs an old configuration: its last reload failed.',
      fixture: () => ({
        series: (v) => [gauge('alertmanager_config_last_reload_successful', am, v)],
        value: shapes.gauge,
        labels: am,
      }),
    },
    {
      alert: 'TargetDown',
      severity: 'warning',
      for: '5m',
      compare: '==',
      expr: () => 'up == 0',
      summary: () => 'A scrape target is down',
      description: () => 'Prometheus cannot scrape {{ $labels.instance }} of job {{ $labels.job }}.',
      fixture: () => {
        const l = { job: 'api', instance: 'api:8000' };
        return { series: (v) => [gauge('up', l, v)], value: shapes.gauge, labels: l };
      },
    },
  ],
};
