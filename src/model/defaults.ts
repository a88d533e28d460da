/** What the spec means when the user leaves a key out. */
export const defaults = {
  environment: 'production',
  prometheus: {
    scrapeInterval: '30s',
    scrapeTimeout: '10s',
    evaluationInterval: '30s',
    retention: '15d',
  },
  service: {
    metricsPath: '/metrics',
    scheme: 'http',
    runtime: 'other',
  },
  customRule: {
    severity: 'warning',
  },
  alertmanager: {
    resolveTimeout: '5m',
    groupBy: ['alertname'],
    groupWait: '30s',
    groupInterval: '5m',
    repeatInterval: '4h',
    /** when the spec says nothing about inhibition: critical silences warning of the same alert and instance */
    inhibit: [{ source: ['severity="critical"'], target: ['severity="warning"'], equal: ['alertname', 'instance'] }],
  },
  deploy: {
    target: 'local',
  },
} as const;
