import { describe, expect, it } from 'vitest';
import { compareConfigs, formatDifference } from '../../../src/compare/configs.js';

const diff = (a: Parameters<typeof compareConfigs>[0], b: Parameters<typeof compareConfigs>[1]) =>
  compareConfigs(a, b).map((d) => formatDifference(d));

describe('compareConfigs: semantic equality of Prometheus and Alertmanager configs', () => {
  it('fills Prometheus defaults and inherits the global interval', () => {
    expect(
      diff(
        {
          prometheus: {
            global: { scrape_interval: '15s' },
            scrape_configs: [{ job_name: 'a', static_configs: [{ targets: ['h:1', 'g:2'] }] }],
          },
        },
        {
          prometheus: {
            global: { scrape_interval: '15s', scrape_timeout: '10s', evaluation_interval: '60s' },
            scrape_configs: [
              {
                job_name: 'a',
                scrape_interval: '15s',
                metrics_path: '/metrics',
                static_configs: [{ targets: ['g:2'] }, { targets: ['h:1'] }],
              },
            ],
          },
        },
      ),
    ).toEqual([]);
  });

  it('compares rules by canonical PromQL, for as a length of time, labels as a set', () => {
    const rule = (expr: string, f: string, labels: Record<string, string>) => ({
      groups: [{ name: 'g', rules: [{ alert: 'A', expr, for: f, labels }] }],
    });
    expect(
      diff(
        { rules: [rule('a>1073741824', '60s', { x: '1', y: '2' })] },
        { rules: [rule('a > 1.073741824e+09', '1m', { y: '2', x: '1' })] },
      ),
    ).toEqual([]);
    expect(diff({ rules: [rule('a > 1', '5m', {})] }, { rules: [rule('a > 2', '4m', { x: '1' })] })).toEqual([
      'rules.g/alert:A.expr: input a > 1, generated a > 2',
      'rules.g/alert:A.for: input 300000, generated 240000',
      'rules.g/alert:A.labels.x: input absent, generated 1',
    ]);
  });

  it('reads match/match_re and matchers alike, and a secret inline or in a file alike', () => {
    expect(
      diff(
        {
          alertmanager: {
            global: { slack_api_url: 'https://hooks.slack.com/x' },
            route: {
              receiver: 's',
              routes: [{ match: { severity: 'critical' }, match_re: { service: 'a|b' }, receiver: 's' }],
            },
            receivers: [{ name: 's', slack_configs: [{ channel: '#a' }] }],
            inhibit_rules: [
              { source_match: { severity: 'critical' }, target_match: { severity: 'warning' }, equal: ['b', 'a'] },
            ],
          },
        },
        {
          alertmanager: {
            route: {
              receiver: 's',
              group_wait: '30s',
              routes: [{ matchers: ['service=~"a|b"', 'severity="critical"'], receiver: 's', group_interval: '5m' }],
            },
            receivers: [
              {
                name: 's',
                slack_configs: [{ api_url_file: '/run/secrets/slack', channel: '#a', send_resolved: false }],
              },
            ],
            inhibit_rules: [
              { source_matchers: ['severity=critical'], target_matchers: ['severity="warning"'], equal: ['a', 'b'] },
            ],
          },
        },
      ),
    ).toEqual([]);
  });

  it('names what differs: a target, a receiver setting, a key only one side has', () => {
    expect(
      diff(
        {
          prometheus: {
            scrape_configs: [
              { job_name: 'a', static_configs: [{ targets: ['h:1'] }], relabel_configs: [{ action: 'drop' }] },
            ],
          },
          alertmanager: {
            route: { receiver: 'w' },
            receivers: [{ name: 'w', webhook_configs: [{ url: 'http://x/' }] }],
          },
        },
        {
          prometheus: { scrape_configs: [{ job_name: 'a', static_configs: [{ targets: ['h:2'] }] }] },
          alertmanager: {
            route: { receiver: 'w' },
            receivers: [{ name: 'w', webhook_configs: [{ url: 'http://x/', send_resolved: false }] }],
          },
        },
      ),
    ).toEqual([
      'prometheus.jobs.a.targets.h:1: input {}, generated absent',
      'prometheus.jobs.a.targets.h:2: input absent, generated {}',
      'prometheus.jobs.a.other: input {"relabel_configs":[{"action":"drop"}]}, generated absent',
      'alertmanager.receivers.w.webhook_configs.0.send_resolved: input true, generated false',
    ]);
  });
});
