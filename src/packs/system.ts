import { jobs } from '../model/conventions.js';
import type { Spec } from '../spec/types.js';
import { alertRule } from './rule.js';
import { quote, type Pack } from './types.js';

/** The 8th rule of the verification report: host memory from node_exporter. */
export const systemDefaults = { memoryPercent: 90 } as const;

export const system: Pack = {
  name: 'system',
  alerts: ['NodeMemoryHigh'],
  build(spec: Spec, ctx) {
    const t = { ...systemDefaults, ...spec.alerts?.packs?.system?.thresholds };
    const job = quote(jobs.node);
    return [
      alertRule(
        {
          alert: 'NodeMemoryHigh',
          expr: `(1 - node_memory_MemAvailable_bytes{job=${job}} / node_memory_MemTotal_bytes{job=${job}}) * 100 > ${t.memoryPercent}`,
          for: '5m',
          severity: 'warning',
          summary: `Host memory usage above ${t.memoryPercent}%`,
          description: `Memory usage on {{ $labels.instance }} is {{ $value | humanize }}%, above ${t.memoryPercent}% for 5m.`,
          source: ['alerts', 'packs', 'system'],
        },
        ctx,
      ),
    ];
  },
};
