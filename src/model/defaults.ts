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
  deploy: {
    target: 'local',
  },
} as const;
