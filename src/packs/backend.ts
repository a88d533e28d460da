import { formatBytes } from '../spec/bytes.js';
import { counter, gauge, shapes } from './fixtures.js';
import { quote, type Pack, type PackContext } from './types.js';

/** The 7 backend rules of the MyStocks verification report (000_19ef7ad412923eaa.txt). */
interface P {
  service: string;
  job: string;
  runtime: string;
  instance: string;
}

const params = (section: Record<string, unknown>, ctx: PackContext): P => {
  const s = ctx.services.get(section.service as string)!;
  return { service: s.name, job: s.job, runtime: s.runtime, instance: s.instance };
};
const proc = (p: P) => ({ job: p.job, instance: p.instance });

export const backend: Pack<P> = {
  name: 'backend',
  params,
  labels: (p) => ({ service: p.service }),
  rules: [
    {
      alert: 'BackendHighMemoryUsage',
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { param: 'memoryWarning', default: '1GiB', unit: 'bytes' },
      expr: (p, t) => `process_resident_memory_bytes{job=${quote(p.job)}} > ${t}`,
      summary: (p, t) => `${p.service}: resident memory above ${formatBytes(t)}`,
      description: (_p, t) =>
        `Resident memory of {{ $labels.instance }} is {{ $value | humanize1024 }}B, above ${formatBytes(t)}.`,
      fixture: (p) => ({
        series: (v) => [gauge('process_resident_memory_bytes', proc(p), v)],
        value: shapes.gauge,
        labels: proc(p),
      }),
    },
    {
      alert: 'BackendCriticalMemoryUsage',
      severity: 'critical',
      for: '2m',
      compare: '>',
      threshold: { param: 'memoryCritical', default: '2GiB', unit: 'bytes' },
      expr: (p, t) => `process_resident_memory_bytes{job=${quote(p.job)}} > ${t}`,
      summary: (p, t) => `${p.service}: resident memory above ${formatBytes(t)}`,
      description: (_p, t) =>
        `Resident memory of {{ $labels.instance }} is {{ $value | humanize1024 }}B, above ${formatBytes(t)}.`,
      fixture: (p) => ({
        series: (v) => [gauge('process_resident_memory_bytes', proc(p), v)],
        value: shapes.gauge,
        labels: proc(p),
      }),
    },
    {
      alert: 'BackendHighCPUUsage',
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { param: 'cpu', default: 0.8, unit: 'number' },
      expr: (p, t) => `rate(process_cpu_seconds_total{job=${quote(p.job)}}[5m]) > ${t}`,
      summary: (p, t) => `${p.service}: CPU usage above ${t} cores`,
      description: (_p, t) => `{{ $labels.instance }} uses {{ $value | humanize }} CPU cores, above ${t}.`,
      fixture: (p) => ({
        series: (v) => [counter('process_cpu_seconds_total', proc(p), v)],
        value: shapes.rate(5),
        labels: proc(p),
      }),
    },
    {
      alert: 'BackendServiceDown',
      severity: 'critical',
      for: '1m',
      compare: '==',
      expr: (p) => `up{job=${quote(p.job)}} == 0`,
      summary: (p) => `${p.service} is down`,
      description: () => 'Prometheus cannot scrape {{ $labels.instance }} (job {{ $labels.job }}).',
      fixture: (p) => ({ series: (v) => [gauge('up', proc(p), v)], value: shapes.gauge, labels: proc(p) }),
    },
    {
      alert: 'BackendExcessiveGarbageCollection',
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { param: 'gcRate', default: 10, unit: 'number' },
      when: (p) => p.runtime === 'python',
      expr: (p, t) => `rate(python_gc_collections_total{job=${quote(p.job)},generation="0"}[5m]) > ${t}`,
      summary: (p) => `${p.service}: excessive garbage collection`,
      description: (_p, t) =>
        `{{ $labels.instance }} runs {{ $value | humanize }} generation-0 collections per second, above ${t}.`,
      fixture: (p) => ({
        series: (v) => [counter('python_gc_collections_total', { ...proc(p), generation: '0' }, v)],
        value: shapes.rate(5),
        labels: { ...proc(p), generation: '0' },
      }),
    },
    {
      alert: 'BackendMemoryLeakDetected',
      severity: 'warning',
      for: '10m',
      compare: '>',
      threshold: { default: 0, unit: 'number' },
      when: (p) => p.runtime === 'python',
      expr: (p, t) => `rate(python_gc_objects_uncollectable_total{job=${quote(p.job)}}[10m]) > ${t}`,
      summary: (p) => `${p.service}: uncollectable objects growing`,
      description: () =>
        '{{ $labels.instance }} accumulates uncollectable objects ({{ $value | humanize }}/s): a likely memory leak.',
      fixture: (p) => ({
        series: (v) => [counter('python_gc_objects_uncollectable_total', { ...proc(p), generation: '2' }, v)],
        value: shapes.rate(10),
        labels: { ...proc(p), generation: '2' },
      }),
    },
    {
      alert: 'BackendVirtualMemoryHigh',
      severity: 'warning',
      for: '5m',
      compare: '>',
      threshold: { param: 'virtualMemory', default: '3GiB', unit: 'bytes' },
      expr: (p, t) => `process_virtual_memory_bytes{job=${quote(p.job)}} > ${t}`,
      summary: (p, t) => `${p.service}: virtual memory above ${formatBytes(t)}`,
      description: (_p, t) =>
        `Virtual memory of {{ $labels.instance }} is {{ $value | humanize1024 }}B, above ${formatBytes(t)}.`,
      fixture: (p) => ({
        series: (v) => [gauge('process_virtual_memory_bytes', proc(p), v)],
        value: shapes.gauge,
        labels: proc(p),
      }),
    },
  ],
};
