import { datasourceUids } from '../../conventions.js';
import type { Model, Service } from '../../types.js';
import { type PanelPlan, RATE, sel } from '../plan.js';
import type { PresetResult } from './index.js';

const P = datasourceUids.prometheus;
const ON = 'job="$job",instance=~"$instance"';
const RUNTIME_NAMES: Record<string, string> = { python: 'Python', go: 'Go', node: 'Node.js', jvm: 'JVM' };

/** Garbage collection and runtime information per runtime, on the metrics its client library exports. */
const runtimePanels: Record<string, (name: string) => PanelPlan[]> = {
  python: (n) => [
    {
      kind: 'timeseries',
      title: `${n} Garbage Collection`,
      unit: 'short',
      datasource: P,
      queries: [
        { expr: `rate(${sel('python_gc_collections_total', ON)}[${RATE}])`, legend: 'collections gen {{generation}}' },
        {
          expr: `rate(${sel('python_gc_objects_collected_total', ON)}[${RATE}])`,
          legend: 'objects collected gen {{generation}}',
        },
        {
          expr: `rate(${sel('python_gc_objects_uncollectable_total', ON)}[${RATE}])`,
          legend: 'uncollectable gen {{generation}}',
        },
      ],
    },
  ],
  go: (n) => [
    {
      kind: 'timeseries',
      title: `${n} Garbage Collection`,
      unit: 'short',
      datasource: P,
      queries: [
        { expr: `rate(${sel('go_gc_duration_seconds_count', ON)}[${RATE}])`, legend: 'GC cycles/s {{instance}}' },
      ],
    },
  ],
  node: (n) => [
    {
      kind: 'timeseries',
      title: `${n} Garbage Collection`,
      unit: 'short',
      datasource: P,
      queries: [{ expr: `rate(${sel('nodejs_gc_duration_seconds_count', ON)}[${RATE}])`, legend: '{{kind}}' }],
    },
  ],
  jvm: (n) => [
    {
      kind: 'timeseries',
      title: `${n} Garbage Collection`,
      unit: 'short',
      datasource: P,
      queries: [{ expr: `rate(${sel('jvm_gc_collection_seconds_count', ON)}[${RATE}])`, legend: '{{gc}}' }],
    },
  ],
};
const infoMetric: Record<string, string> = {
  python: 'python_info',
  go: 'go_info',
  node: 'nodejs_version_info',
  jvm: 'jvm_info',
};

/**
 * The 5-panel backend dashboard of the verification report: process memory, CPU, garbage
 * collection, virtual vs resident memory, runtime information; GC and runtime panels for each
 * runtime among the services.
 */
export function backendMonitoring(model: Model): PresetResult {
  const processes = model.services.filter((s) => s.exposes.includes('process'));
  if (!processes.length)
    return {
      empty: 'no service exposes process metrics (services[].exposes: [process], or a runtime other than `other`)',
    };
  const runtimes = [...new Set(processes.filter((s) => s.exposes.includes('runtime')).map((s: Service) => s.runtime))]
    .filter((r) => r in RUNTIME_NAMES)
    .sort();
  const only = runtimes.length === 1 ? `${RUNTIME_NAMES[runtimes[0]!]} ` : '';
  const panels: PanelPlan[] = [
    {
      kind: 'timeseries',
      title: `${only}Process Memory Usage`,
      unit: 'bytes',
      datasource: P,
      queries: [{ expr: sel('process_resident_memory_bytes', ON), legend: '{{instance}}' }],
    },
    {
      kind: 'timeseries',
      title: `${only}Process CPU Usage`,
      description: 'CPU cores used',
      unit: 'short',
      datasource: P,
      queries: [{ expr: `rate(${sel('process_cpu_seconds_total', ON)}[${RATE}])`, legend: '{{instance}}' }],
    },
    ...runtimes.flatMap((r) => runtimePanels[r]!(RUNTIME_NAMES[r]!)),
    {
      kind: 'timeseries',
      title: 'Memory Comparison',
      description: 'Virtual against resident memory',
      unit: 'bytes',
      datasource: P,
      queries: [
        { expr: sel('process_virtual_memory_bytes', ON), legend: 'virtual {{instance}}' },
        { expr: sel('process_resident_memory_bytes', ON), legend: 'resident {{instance}}' },
      ],
    },
    ...runtimes.map((r): PanelPlan => ({
      kind: 'table',
      title: `${RUNTIME_NAMES[r]} Runtime Information`,
      datasource: P,
      width: 24,
      height: 6,
      queries: [{ expr: sel(infoMetric[r]!, 'job="$job"'), table: true }],
    })),
  ];
  return {
    uid: 'backend-monitoring',
    title: `${model.project}: backend monitoring`,
    tags: [...runtimes, 'backend', 'monitoring'],
    refresh: '5s',
    timeFrom: '1h',
    variables: [
      { name: 'job', label: 'Job', kind: 'custom', query: processes.map((s) => s.job).join(',') },
      {
        name: 'instance',
        label: 'Instance',
        kind: 'query',
        query: 'label_values(up{job="$job"}, instance)',
        includeAll: true,
        multi: true,
      },
    ],
    rows: [{ panels }],
  };
}
