import { labelKeys } from '../model/conventions.js';
import { formatBytes, parseBytes } from '../spec/bytes.js';
import type { Spec } from '../spec/types.js';
import { alertRule } from './rule.js';
import { quote, type Pack } from './types.js';

/** The 7 backend rules of the MyStocks verification report (000_19ef7ad412923eaa.txt). */
export const backendDefaults = {
  memoryWarning: '1GiB',
  memoryCritical: '2GiB',
  cpu: 0.8,
  gcRate: 10,
  virtualMemory: '3GiB',
} as const;

export const backend: Pack = {
  name: 'backend',
  alerts: [
    'BackendHighMemoryUsage',
    'BackendCriticalMemoryUsage',
    'BackendHighCPUUsage',
    'BackendServiceDown',
    'BackendExcessiveGarbageCollection',
    'BackendMemoryLeakDetected',
    'BackendVirtualMemoryHigh',
  ],
  build(spec: Spec, ctx) {
    const params = spec.alerts!.packs!.backend!;
    const service = ctx.services.get(params.service)!;
    const t = { ...backendDefaults, ...params.thresholds };
    const memWarn = parseBytes(t.memoryWarning)!;
    const memCrit = parseBytes(t.memoryCritical)!;
    const virt = parseBytes(t.virtualMemory)!;
    const job = quote(service.job);
    const source = ['alerts', 'packs', 'backend'];
    const labels = { [labelKeys.service]: service.name };
    const rule = (alert: string, expr: string, forDur: string, severity: string, summary: string, description: string) =>
      alertRule({ alert, expr, for: forDur, severity, summary, description, labels, source }, ctx);

    const rules = [
      rule(
        'BackendHighMemoryUsage',
        `process_resident_memory_bytes{job=${job}} > ${memWarn}`,
        '5m',
        'warning',
        `${service.name}: resident memory above ${formatBytes(memWarn)}`,
        `Resident memory of {{ $labels.instance }} is {{ $value | humanize1024 }}B, above ${formatBytes(memWarn)} for 5m.`,
      ),
      rule(
        'BackendCriticalMemoryUsage',
        `process_resident_memory_bytes{job=${job}} > ${memCrit}`,
        '2m',
        'critical',
        `${service.name}: resident memory above ${formatBytes(memCrit)}`,
        `Resident memory of {{ $labels.instance }} is {{ $value | humanize1024 }}B, above ${formatBytes(memCrit)} for 2m.`,
      ),
      rule(
        'BackendHighCPUUsage',
        `rate(process_cpu_seconds_total{job=${job}}[5m]) > ${t.cpu}`,
        '5m',
        'warning',
        `${service.name}: CPU usage above ${t.cpu} cores`,
        `{{ $labels.instance }} uses {{ $value | humanize }} CPU cores, above ${t.cpu} for 5m.`,
      ),
      rule(
        'BackendServiceDown',
        `up{job=${job}} == 0`,
        '1m',
        'critical',
        `${service.name} is down`,
        `Prometheus cannot scrape {{ $labels.instance }} (job {{ $labels.job }}) for 1m.`,
      ),
    ];
    if (service.runtime === 'python') {
      rules.push(
        rule(
          'BackendExcessiveGarbageCollection',
          `rate(python_gc_collections_total{job=${job},generation="0"}[5m]) > ${t.gcRate}`,
          '5m',
          'warning',
          `${service.name}: excessive garbage collection`,
          `{{ $labels.instance }} runs {{ $value | humanize }} generation-0 collections per second, above ${t.gcRate} for 5m.`,
        ),
        rule(
          'BackendMemoryLeakDetected',
          `rate(python_gc_objects_uncollectable_total{job=${job}}[10m]) > 0`,
          '10m',
          'warning',
          `${service.name}: uncollectable objects growing`,
          `{{ $labels.instance }} accumulates uncollectable objects ({{ $value | humanize }}/s) for 10m: a likely memory leak.`,
        ),
      );
    }
    rules.push(
      rule(
        'BackendVirtualMemoryHigh',
        `process_virtual_memory_bytes{job=${job}} > ${virt}`,
        '5m',
        'warning',
        `${service.name}: virtual memory above ${formatBytes(virt)}`,
        `Virtual memory of {{ $labels.instance }} is {{ $value | humanize1024 }}B, above ${formatBytes(virt)} for 5m.`,
      ),
    );
    return rules;
  },
};
