import { jobs } from '../model/conventions.js';
import { gauge, shapes } from './fixtures.js';
import { quote, type Pack } from './types.js';

/** The 8th rule of the verification report: host memory from node_exporter. */
const host = { job: jobs.node, instance: 'host:9100' };
export const system: Pack<{ job: string }> = {
  name: 'system',
  params: () => ({ job: jobs.node }),
  rules: [
    {
      alert: 'NodeMemoryHigh',
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { param: 'memoryPercent', default: 90, unit: 'percent' },
      expr: (p, t) =>
        `(1 - node_memory_MemAvailable_bytes{job=${quote(p.job)}} / node_memory_MemTotal_bytes{job=${quote(p.job)}}) * 100 > ${t}`,
      summary: (_p, t) => `Host memory usage above ${t}%`,
      description: (_p, t) => `Memory usage on {{ $labels.instance }} is {{ $value | humanize }}%, above ${t}%.`,
      fixture: () => ({
        series: (v) => [
          gauge('node_memory_MemAvailable_bytes', host, 1e10 * (1 - v / 100)),
          gauge('node_memory_MemTotal_bytes', host, 1e10),
        ],
        value: shapes.gauge,
        labels: host,
      }),
    },
  ],
};
