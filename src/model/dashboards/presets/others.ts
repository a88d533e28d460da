import { datasourceUids, jobs } from '../../conventions.js';
import type { Model } from '../../types.js';
import { quote } from '../../../packs/types.js';
import { type DashboardPlan, type PanelPlan, RATE, sel } from '../plan.js';
import type { PresetResult } from './index.js';

const P = datasourceUids.prometheus;

/** Request rate, p50/p95 latency, 4xx/5xx error rate and in-flight requests, per service (on its metric prefix). */
export function apiOverview(model: Model): PresetResult {
  const http = model.services.filter((s) => s.exposes.includes('http'));
  if (!http.length)
    return { empty: 'no service exposes HTTP metrics (services[].exposes: [http], or a runtime other than `other`)' };
  const rows = http.map((s) => {
    const m = (name: string) => `${s.metricPrefix}${name}`;
    const job = `job=${quote(s.job)}`;
    const requests = m('http_requests_total');
    const panels: PanelPlan[] = [
      {
        kind: 'timeseries',
        title: 'Request rate',
        unit: 'reqps',
        datasource: P,
        queries: [
          { expr: `sum by (method, status) (rate(${sel(requests, job)}[${RATE}]))`, legend: '{{method}} {{status}}' },
        ],
      },
      {
        kind: 'timeseries',
        title: 'Latency p50 / p95',
        unit: 's',
        datasource: P,
        queries: [0.5, 0.95].map((q) => ({
          expr: `histogram_quantile(${q}, sum by (le) (rate(${sel(m('http_request_duration_seconds_bucket'), job)}[${RATE}])))`,
          legend: `p${q * 100}`,
        })),
      },
      {
        kind: 'timeseries',
        title: 'Error rate 4xx / 5xx',
        unit: 'percentunit',
        datasource: P,
        queries: ['4', '5'].map((c) => ({
          expr: `sum(rate(${sel(requests, `${job},status=~"${c}.."`)}[${RATE}])) / sum(rate(${sel(requests, job)}[${RATE}]))`,
          legend: `${c}xx`,
          // no 4xx or 5xx while requests are counted is a healthy service, not a broken panel
          emptyUnless: {
            expr: `sum(rate(${sel(requests, job)}[${RATE}]))`,
            why: `no ${c}xx responses while requests are counted`,
          },
        })),
      },
      {
        kind: 'stat',
        title: 'In-flight requests',
        unit: 'short',
        datasource: P,
        queries: [{ expr: `sum(${sel(m('http_requests_in_progress'), job)})` }],
      },
    ];
    return { title: http.length > 1 ? s.name : undefined, panels };
  });
  return {
    uid: 'api-overview',
    title: `${model.project}: API overview`,
    tags: ['api', 'http'],
    refresh: '30s',
    timeFrom: '1h',
    variables: [],
    rows,
  };
}

/** CPU, memory, disk and network of the hosts, from node_exporter. */
export function systemResources(model: Model): DashboardPlan {
  const on = `job=${quote(jobs.node)},instance=~"$instance"`;
  const fs = `${on},fstype!~"tmpfs|overlay"`;
  const panels: PanelPlan[] = [
    {
      kind: 'timeseries',
      title: 'CPU usage',
      unit: 'percent',
      datasource: P,
      queries: [
        {
          expr: `100 - avg by (instance) (rate(${sel('node_cpu_seconds_total', `${on},mode="idle"`)}[${RATE}])) * 100`,
          legend: '{{instance}}',
        },
      ],
    },
    {
      kind: 'timeseries',
      title: 'Memory usage',
      unit: 'percent',
      datasource: P,
      queries: [
        {
          expr: `(1 - ${sel('node_memory_MemAvailable_bytes', on)} / ${sel('node_memory_MemTotal_bytes', on)}) * 100`,
          legend: '{{instance}}',
        },
      ],
    },
    {
      kind: 'timeseries',
      title: 'Disk usage',
      unit: 'percent',
      datasource: P,
      queries: [
        {
          expr: `(1 - ${sel('node_filesystem_avail_bytes', fs)} / ${sel('node_filesystem_size_bytes', fs)}) * 100`,
          legend: '{{instance}} {{mountpoint}}',
        },
      ],
    },
    {
      kind: 'timeseries',
      title: 'Network traffic',
      unit: 'Bps',
      datasource: P,
      queries: [
        {
          expr: `rate(${sel('node_network_receive_bytes_total', `${on},device!="lo"`)}[${RATE}])`,
          legend: 'in {{instance}} {{device}}',
        },
        {
          expr: `rate(${sel('node_network_transmit_bytes_total', `${on},device!="lo"`)}[${RATE}])`,
          legend: 'out {{instance}} {{device}}',
        },
      ],
    },
    {
      kind: 'timeseries',
      title: 'Load (1m)',
      unit: 'short',
      datasource: P,
      queries: [{ expr: sel('node_load1', on), legend: '{{instance}}' }],
    },
  ];
  return {
    uid: 'system-resources',
    title: `${model.project}: system resources`,
    tags: ['system', 'node-exporter'],
    refresh: '30s',
    timeFrom: '1h',
    variables: [
      {
        name: 'instance',
        label: 'Instance',
        kind: 'query',
        query: `label_values(up{job=${quote(jobs.node)}}, instance)`,
        includeAll: true,
        multi: true,
      },
    ],
    rows: [{ panels }],
  };
}

/** The service graph, rate / errors / duration from span metrics, and Tempo's ingestion. */
export function tracing(model: Model): DashboardPlan {
  const rows: DashboardPlan['rows'] = [];
  if (model.tempo.serviceGraphs) {
    rows.push({
      title: 'Service graph',
      panels: [
        {
          kind: 'nodeGraph',
          title: 'Service graph',
          datasource: datasourceUids.tempo,
          queries: [{ serviceMap: true }],
          width: 24,
          height: 12,
        },
      ],
    });
  }
  if (model.tempo.spanMetrics) {
    const calls = 'traces_spanmetrics_calls_total';
    rows.push({
      title: 'Rate, errors, duration (span metrics)',
      panels: [
        {
          kind: 'timeseries',
          title: 'Request rate',
          unit: 'reqps',
          datasource: P,
          queries: [
            {
              expr: `sum by (service) (rate(${sel(calls, 'span_kind="SPAN_KIND_SERVER"')}[${RATE}]))`,
              legend: '{{service}}',
            },
          ],
        },
        {
          kind: 'timeseries',
          title: 'Error rate',
          unit: 'percentunit',
          datasource: P,
          queries: [
            {
              expr: `sum by (service) (rate(${sel(calls, 'status_code="STATUS_CODE_ERROR"')}[${RATE}])) / sum by (service) (rate(${calls}[${RATE}]))`,
              legend: '{{service}}',
            },
          ],
        },
        {
          kind: 'timeseries',
          title: 'Duration p95',
          unit: 's',
          datasource: P,
          queries: [
            {
              expr: `histogram_quantile(0.95, sum by (service, le) (rate(${sel('traces_spanmetrics_latency_bucket', 'span_kind="SPAN_KIND_SERVER"')}[${RATE}])))`,
              legend: '{{service}}',
              exemplar: true,
            },
          ],
        },
      ],
    });
  }
  rows.push({
    title: 'Tempo ingestion',
    panels: [
      {
        kind: 'timeseries',
        title: 'Spans received',
        unit: 'short',
        datasource: P,
        queries: [{ expr: `sum(rate(tempo_distributor_spans_received_total[${RATE}]))`, legend: 'spans/s' }],
      },
      {
        kind: 'timeseries',
        title: 'Spans discarded',
        unit: 'short',
        datasource: P,
        queries: [
          {
            expr: `sum by (reason) (rate(tempo_discarded_spans_total[${RATE}]))`,
            legend: '{{reason}}',
            mayBeEmpty: 'Tempo discarded no span',
          },
        ],
      },
    ],
  });
  return {
    uid: 'tracing',
    title: `${model.project}: tracing`,
    tags: ['tracing', 'tempo'],
    refresh: '30s',
    timeFrom: '1h',
    variables: [],
    rows,
  };
}

/** The alert rules and their states, from Prometheus's ALERTS series and its rule metrics. */
export function alerts(model: Model): DashboardPlan {
  const panels: PanelPlan[] = [
    {
      kind: 'stat',
      title: 'Firing',
      unit: 'short',
      datasource: P,
      width: 6,
      height: 5,
      queries: [{ expr: 'count(ALERTS{alertstate="firing"}) or vector(0)' }],
    },
    {
      kind: 'stat',
      title: 'Pending',
      unit: 'short',
      datasource: P,
      width: 6,
      height: 5,
      queries: [{ expr: 'count(ALERTS{alertstate="pending"}) or vector(0)' }],
    },
    {
      kind: 'stat',
      title: 'Rule evaluation failures (1h)',
      unit: 'short',
      datasource: P,
      width: 6,
      height: 5,
      queries: [{ expr: 'sum(increase(prometheus_rule_evaluation_failures_total[1h])) or vector(0)' }],
    },
    {
      kind: 'stat',
      title: 'Rule groups',
      unit: 'short',
      datasource: P,
      width: 6,
      height: 5,
      queries: [{ expr: 'count(prometheus_rule_group_last_duration_seconds)' }],
    },
    {
      kind: 'table',
      title: 'Active alerts',
      datasource: P,
      width: 24,
      queries: [{ expr: 'ALERTS', table: true, mayBeEmpty: 'no alert is pending or firing' }],
    },
    {
      kind: 'timeseries',
      title: 'Firing by alert',
      unit: 'short',
      datasource: P,
      queries: [
        {
          expr: 'count by (alertname, severity) (ALERTS{alertstate="firing"})',
          legend: '{{alertname}} ({{severity}})',
          mayBeEmpty: 'no alert is firing',
        },
      ],
    },
    {
      kind: 'timeseries',
      title: 'Rule group evaluation time',
      unit: 's',
      datasource: P,
      queries: [{ expr: 'prometheus_rule_group_last_duration_seconds', legend: '{{rule_group}}' }],
    },
  ];
  if (model.alertmanager.enabled) {
    panels.push({
      kind: 'timeseries',
      title: 'Notifications',
      unit: 'short',
      datasource: P,
      width: 24,
      queries: [
        {
          expr: `sum by (integration) (rate(alertmanager_notifications_total[${RATE}]))`,
          legend: 'sent {{integration}}',
        },
        {
          expr: `sum by (integration) (rate(alertmanager_notifications_failed_total[${RATE}]))`,
          legend: 'failed {{integration}}',
        },
      ],
    });
  }
  return {
    uid: 'alerts',
    title: `${model.project}: alerts`,
    tags: ['alerts'],
    refresh: '30s',
    timeFrom: '6h',
    variables: [],
    rows: [{ panels }],
  };
}
