import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { datasourceUids } from '../../model/conventions.js';
import type { DashboardPlan, PanelKind, PanelPlan } from '../../model/dashboards/plan.js';

/**
 * Plans -> dashboard JSON with @grafana/grafana-foundation-sdk. The SDK is loaded here only (it
 * costs ~150 ms), when a spec has dashboards. Ids, refIds and grid positions are set explicitly,
 * so the output is the same for the same plan.
 */
async function loadSdk() {
  const [d, common, prometheus, tempo, timeseries, stat, table, gauge, bargauge, nodegraph] = await Promise.all([
    import('@grafana/grafana-foundation-sdk/dashboard'),
    import('@grafana/grafana-foundation-sdk/common'),
    import('@grafana/grafana-foundation-sdk/prometheus'),
    import('@grafana/grafana-foundation-sdk/tempo'),
    import('@grafana/grafana-foundation-sdk/timeseries'),
    import('@grafana/grafana-foundation-sdk/stat'),
    import('@grafana/grafana-foundation-sdk/table'),
    import('@grafana/grafana-foundation-sdk/gauge'),
    import('@grafana/grafana-foundation-sdk/bargauge'),
    import('@grafana/grafana-foundation-sdk/nodegraph'),
  ]);
  return { d, common, prometheus, tempo, panels: { timeseries, stat, table, gauge, bargauge, nodeGraph: nodegraph } };
}
type Sdk = Awaited<ReturnType<typeof loadSdk>>;

const TYPES: Record<string, string> = {
  [datasourceUids.prometheus]: 'prometheus',
  [datasourceUids.tempo]: 'tempo',
  [datasourceUids.loki]: 'loki',
  [datasourceUids.alertmanager]: 'alertmanager',
};
export const datasourceRef = (uid: string) => ({ type: TYPES[uid] ?? 'prometheus', uid });
const refId = (i: number) => String.fromCharCode(65 + i);

function panel(sdk: Sdk, p: PanelPlan, id: number, gridPos: dashboard.GridPos): cog.Builder<dashboard.Panel> {
  const ds = datasourceRef(p.datasource);
  const builder = new sdk.panels[p.kind as PanelKind].PanelBuilder()
    .id(id)
    .title(p.title)
    .datasource(ds)
    .gridPos(gridPos);
  if (p.description) builder.description(p.description);
  if (p.unit && 'unit' in builder) builder.unit(p.unit);
  if (p.kind === 'timeseries') {
    (builder as InstanceType<Sdk['panels']['timeseries']['PanelBuilder']>).legend(
      new sdk.common.VizLegendOptionsBuilder()
        .displayMode(sdk.common.LegendDisplayMode.List)
        .placement(sdk.common.LegendPlacement.Bottom)
        .showLegend(true),
    );
  }
  p.queries.forEach((q, i) => {
    if (q.serviceMap) {
      builder.withTarget(new sdk.tempo.DataqueryBuilder().queryType('serviceMap').refId(refId(i)).datasource(ds));
      return;
    }
    const t = new sdk.prometheus.DataqueryBuilder()
      .expr(q.expr ?? '')
      .refId(refId(i))
      .datasource(ds);
    if (q.legend) t.legendFormat(q.legend);
    if (q.exemplar) t.exemplar(true);
    if (q.table) t.instant().format(sdk.prometheus.PromQueryFormat.Table);
    if (q.exemplar) t.exemplar(true);
    builder.withTarget(t);
  });
  return builder;
}

function build(sdk: Sdk, plan: DashboardPlan): dashboard.Dashboard {
  const b = new sdk.d.DashboardBuilder(plan.title)
    .uid(plan.uid)
    .tags(plan.tags)
    .timezone('browser')
    .time({ from: `now-${plan.timeFrom}`, to: 'now' })
    .readonly();
  if (plan.refresh) b.refresh(plan.refresh);
  for (const v of plan.variables) {
    const vb =
      v.kind === 'custom'
        ? new sdk.d.CustomVariableBuilder(v.name).values(v.query)
        : new sdk.d.QueryVariableBuilder(v.name).query(v.query).datasource(datasourceRef(datasourceUids.prometheus));
    vb.label(v.label);
    if (v.includeAll) vb.includeAll(true).allValue('.*');
    if (v.multi) vb.multi(true);
    b.withVariable(vb);
  }
  let id = 1;
  let y = 0;
  for (const row of plan.rows) {
    if (row.title) {
      b.withRow(new sdk.d.RowBuilder(row.title).id(id++).gridPos({ x: 0, y, w: 24, h: 1 }));
      y += 1;
    }
    let x = 0;
    let lineHeight = 0;
    for (const p of row.panels) {
      const w = p.width ?? 12;
      const h = p.height ?? 8;
      if (x + w > 24) {
        x = 0;
        y += lineHeight;
        lineHeight = 0;
      }
      b.withPanel(panel(sdk, p, id++, { x, y, w, h }));
      x += w;
      lineHeight = Math.max(lineHeight, h);
    }
    y += lineHeight;
  }
  return b.build();
}

export async function renderDashboards(plans: DashboardPlan[]): Promise<dashboard.Dashboard[]> {
  if (!plans.length) return [];
  const sdk = await loadSdk();
  return plans.map((p) => build(sdk, p));
}
