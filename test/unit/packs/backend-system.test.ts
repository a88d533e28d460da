import { describe, expect, it } from 'vitest';
import { normalize } from '../../../src/model/normalize.js';
import type { AlertRule } from '../../../src/model/types.js';
import { loadSpec } from '../../../src/spec/load.js';

const spec = (runtime: string, thresholds = '{}') =>
  `apiVersion: mon/v1\nproject: shop\nservices:\n  - {name: api, job: shop-api, runtime: ${runtime}, targets: ["127.0.0.1:8080"]}\n` +
  `alerts:\n  packs:\n    backend: {service: api, thresholds: ${thresholds}}\n    system: {thresholds: {memoryPercent: 85}}\n`;
const groups = (yaml: string) =>
  normalize(loadSpec(yaml, 'monitoring.yaml').spec, 'monitoring.yaml').ruleGroups.map((g) => ({
    ...g,
    rules: g.rules as AlertRule[],
  }));

describe('backend pack', () => {
  it('gives a Python service all 7 rules of the verification report, on its job', () => {
    const [backend] = groups(spec('python'));
    expect(backend!.name).toBe('shop_backend_alerts');
    expect(backend!.rules.map((r) => [r.alert, r.for, r.labels.severity])).toEqual([
      ['BackendHighMemoryUsage', '5m', 'warning'],
      ['BackendCriticalMemoryUsage', '2m', 'critical'],
      ['BackendHighCPUUsage', '5m', 'warning'],
      ['BackendServiceDown', '1m', 'critical'],
      ['BackendExcessiveGarbageCollection', '5m', 'warning'],
      ['BackendMemoryLeakDetected', '10m', 'warning'],
      ['BackendVirtualMemoryHigh', '5m', 'warning'],
    ]);
    expect(backend!.rules.every((r) => r.expr.includes('job="shop-api"') && r.labels.service === 'api')).toBe(true);
  });

  it('gives no Python GC rules to a Go service', () => {
    const alerts = groups(spec('go'))[0]!.rules.map((r) => r.alert);
    expect(alerts).toHaveLength(5);
    expect(alerts.some((a) => a.includes('Garbage') || a.includes('Leak'))).toBe(false);
  });

  it('takes thresholds from the spec', () => {
    const rules = groups(spec('python', '{memoryWarning: 512MiB, cpu: 1.5, gcRate: 20, virtualMemory: 4GiB}'))[0]!
      .rules;
    const expr = (a: string) => rules.find((r) => r.alert === a)!.expr;
    expect(expr('BackendHighMemoryUsage')).toBe('process_resident_memory_bytes{job="shop-api"} > 536870912');
    expect(expr('BackendCriticalMemoryUsage')).toBe('process_resident_memory_bytes{job="shop-api"} > 2147483648');
    expect(expr('BackendHighCPUUsage')).toBe('rate(process_cpu_seconds_total{job="shop-api"}[5m]) > 1.5');
    expect(expr('BackendExcessiveGarbageCollection')).toBe(
      'rate(python_gc_collections_total{job="shop-api",generation="0"}[5m]) > 20',
    );
    expect(expr('BackendVirtualMemoryHigh')).toBe('process_virtual_memory_bytes{job="shop-api"} > 4294967296');
    expect(rules.find((r) => r.alert === 'BackendHighMemoryUsage')!.annotations.summary).toBe(
      'api: resident memory above 512MiB',
    );
  });
});

describe('system pack', () => {
  it('watches host memory on the node job with the spec threshold', () => {
    const system = groups(spec('python'))[1]!;
    expect(system.name).toBe('shop_system_alerts');
    expect(system.rules).toEqual([
      expect.objectContaining({
        alert: 'NodeMemoryHigh',
        expr: '(1 - node_memory_MemAvailable_bytes{job="node"} / node_memory_MemTotal_bytes{job="node"}) * 100 > 85',
        for: '5m',
        labels: { severity: 'warning' },
      }),
    ]);
  });
});
