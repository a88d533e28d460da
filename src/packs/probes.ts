import { gauge, shapes } from './fixtures.js';
import type { Pack } from './types.js';

/**
 * Endpoint probes (services[].probes, run by blackbox_exporter): down, slow, certificate
 * expiring. probe_* exist only on blackbox_exporter's /probe answers, so no job filter is needed.
 * On by itself when a service has probes.
 */
const l = { job: 'probe-api-health', instance: 'http://127.0.0.1:8000/health', service: 'api', probe: 'health' };
export const probes: Pack<{ tls: boolean }> = {
  name: 'probes',
  params: (_s, ctx) => ({ tls: ctx.tlsProbes ?? false }),
  rules: [
    {
      alert: 'ProbeEndpointDown',
      severity: 'critical',
      for: '1m',
      compare: '==',
      expr: () => 'probe_success == 0',
      summary: () => 'Endpoint {{ $labels.instance }} is down',
      description: () =>
        'The {{ $labels.probe }} probe of {{ $labels.service }} fails: wrong status, timeout or no connection ({{ $labels.instance }}).',
      fixture: () => ({ series: (v) => [gauge('probe_success', l, v)], value: shapes.gauge, labels: l }),
    },
    {
      alert: 'ProbeSlow',
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { param: 'slowSeconds', default: 1, unit: 'seconds' },
      expr: (_p, t) => `probe_duration_seconds > ${t}`,
      summary: (_p, t) => `Endpoint {{ $labels.instance }} slower than ${t}s`,
      description: () => 'The {{ $labels.probe }} probe of {{ $labels.service }} took {{ $value | humanize }}s.',
      fixture: () => ({ series: (v) => [gauge('probe_duration_seconds', l, v)], value: shapes.gauge, labels: l }),
    },
    {
      alert: 'ProbeCertificateExpiring',
      // probe_ssl_earliest_cert_expiry exists only for https:// probes
      when: (p) => p.tls,
      severity: 'warning',
      for: '10m',
      compare: '<',
      threshold: { param: 'certificateDays', default: 14, unit: 'number' },
      expr: (_p, t) => `(probe_ssl_earliest_cert_expiry - time()) / 86400 < ${t}`,
      summary: (_p, t) => `Certificate of {{ $labels.instance }} expires within ${t} days`,
      description: () => 'The certificate served at {{ $labels.instance }} expires in {{ $value | humanize }} days.',
      fixture: () => ({
        // expiry as a timestamp: `level` days after the test's time 0, nearer by a minute each minute
        series: (v) => [gauge('probe_ssl_earliest_cert_expiry', l, v * 86400)],
        value: (t, v) => v - (t * 60) / 86400,
        labels: l,
      }),
    },
  ],
};
