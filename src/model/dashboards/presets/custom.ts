import { datasourceUids } from '../../conventions.js';
import type { CustomDashboardSpec } from '../../../spec/types.js';
import type { DashboardPlan } from '../plan.js';

/** A dashboard from `dashboards.custom`: rows and panels of PromQL, unit and type. */
export const customDashboard = (d: CustomDashboardSpec): DashboardPlan => ({
  uid: d.uid,
  title: d.title,
  tags: d.tags ?? [],
  ...(d.refresh ? { refresh: d.refresh } : {}),
  timeFrom: d.timeFrom ?? '1h',
  variables: (d.variables ?? []).map((v) => ({
    name: v.name,
    label: v.label ?? v.name,
    ...(v.query !== undefined
      ? { kind: 'query' as const, query: v.query }
      : { kind: 'custom' as const, query: (v.values ?? []).join(',') }),
    ...(v.includeAll ? { includeAll: true } : {}),
    ...(v.multi ? { multi: true } : {}),
  })),
  rows: d.rows.map((r) => ({
    ...(r.title ? { title: r.title } : {}),
    panels: r.panels.map((p) => ({
      kind: p.type ?? 'timeseries',
      title: p.title,
      ...(p.unit ? { unit: p.unit } : {}),
      datasource: p.datasource ?? datasourceUids.prometheus,
      queries: p.queries ?? [{ expr: p.expr!, ...(p.legend ? { legend: p.legend } : {}) }],
      ...(p.width ? { width: p.width } : {}),
      ...(p.height ? { height: p.height } : {}),
    })),
  })),
});
