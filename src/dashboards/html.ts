import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { PageData } from './collect.js';
import { PAGE_SCRIPT } from './page-script.js';

/**
 * The dashboard as one self-contained HTML page: panels placed as Grafana places them, drawn with
 * uPlot (its JS and CSS inlined, so the page needs no server). Grafana's grid: 24 columns, each
 * height unit 30 px (grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/,
 * "gridPos"), 8 px between panels (GRID_CELL_HEIGHT, GRID_CELL_VMARGIN and GRID_COLUMN_COUNT in
 * grafana/grafana public/app/core/constants.ts).
 */
export const PAGE_WIDTH = 1600;
const CELL = 30;
const MARGIN = 8;
const COLUMNS = 24;
const HEADER = 64;
const PADDING = 16;

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Pixel box of a gridPos, as react-grid-layout computes it for Grafana's grid. */
export function boxOf(g: { x: number; y: number; w: number; h: number }, width = PAGE_WIDTH - 2 * PADDING): Box {
  const col = (width - MARGIN * (COLUMNS - 1)) / COLUMNS;
  return {
    left: Math.round((col + MARGIN) * g.x),
    top: (CELL + MARGIN) * g.y,
    width: Math.round(col * g.w + MARGIN * (g.w - 1)),
    height: CELL * g.h + MARGIN * (g.h - 1),
  };
}

/** The page's height: the lowest panel's bottom, plus the header. */
export const pageHeight = (page: PageData) =>
  HEADER + 2 * PADDING + Math.max(CELL, ...page.panels.map((p) => boxOf(p.gridPos).top + boxOf(p.gridPos).height));

const require = createRequire(import.meta.url);
const uplotFile = (name: string) => require.resolve(`uplot/dist/${name}`);

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
/** JSON inside <script>: no `</script>` can end it early. */
const inlineJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

export async function pageHtml(page: PageData): Promise<string> {
  const [css, js] = await Promise.all([
    readFile(uplotFile('uPlot.min.css'), 'utf8'),
    readFile(uplotFile('uPlot.iife.min.js'), 'utf8'),
  ]);
  const vars = Object.entries(page.variables).map(([k, v]) => `<span class="var">${esc(k)} <b>${esc(v)}</b></span>`);
  for (const v of page.emptyVariables) vars.push(`<span class="var bad">${esc(v)} <b>(no values)</b></span>`);
  const boxes = page.panels.map((p, i) => {
    const b = boxOf(p.gridPos);
    const style = `left:${b.left}px;top:${b.top}px;width:${b.width}px;height:${b.height}px`;
    if (p.type === 'row') return `<div class="row" style="${style}">${esc(p.title)}</div>`;
    return `<div class="panel" id="p${i}" style="${style}"><div class="title">${esc(p.title)}</div><div class="body"></div></div>`;
  });
  const when = new Date(page.endS * 1000)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(page.title)}</title>
<style>${css}</style>
<style>
body{margin:0;background:#111217;color:#ccccdc;font:13px/1.4 Inter,"Helvetica Neue",Arial,sans-serif}
header{height:${HEADER}px;padding:0 ${PADDING}px;display:flex;align-items:center;gap:16px;border-bottom:1px solid #2c2d33}
header h1{font-size:18px;font-weight:500;margin:0;color:#fff}
.meta{margin-left:auto;color:#8e8e9a;font-size:12px;text-align:right}
.var{background:#22252b;border:1px solid #2c3235;border-radius:2px;padding:3px 8px;font-size:12px}.var.bad b{color:#f2495c}
main{position:relative;margin:${PADDING}px}
.panel{position:absolute;box-sizing:border-box;background:#181b1f;border:1px solid #2c3235;border-radius:2px;display:flex;flex-direction:column;overflow:hidden}
.title{height:28px;line-height:28px;padding:0 8px;font-weight:500;color:#d8d9da;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.body{flex:1;position:relative;overflow:hidden;padding:0 8px 6px}
.row{position:absolute;font-size:15px;font-weight:500;color:#fff;line-height:30px;border-bottom:1px solid #2c3235}
.nodata{position:absolute;inset:0;display:flex;align-items:center;justify-content:center;color:#8e8e9a;font-size:14px;text-align:center;padding:8px}
.nodata.err{color:#f2495c}
.stat{position:absolute;inset:0;display:flex;align-items:center;justify-content:center;font-size:44px;font-weight:500;color:#73bf69}
.legend{display:flex;flex-wrap:wrap;gap:2px 12px;font-size:11px;max-height:34px;overflow:hidden}.legend i{display:inline-block;width:12px;height:3px;margin-right:4px;vertical-align:middle}
table{border-collapse:collapse;width:100%;font-size:12px}th,td{text-align:left;padding:3px 6px;border-bottom:1px solid #2c3235;white-space:nowrap}th{color:#6e9fff;font-weight:500}
.bar{height:18px;margin:4px 0;background:#22252b;position:relative}.bar span{position:absolute;left:0;top:0;bottom:0;background:#73bf69}.bar em{position:absolute;left:6px;font-style:normal;font-size:11px;line-height:18px;color:#fff}
.u-legend{display:none}
</style></head>
<body><header><h1>${esc(page.title)}</h1>${vars.join('')}<div class="meta">Last ${esc(page.from)}, to ${esc(when)}<br>data: ${esc(page.prometheus)} (rendered by mon, not Grafana)</div></header>
<main style="height:${pageHeight(page) - HEADER - 2 * PADDING}px">${boxes.join('\n')}</main>
<script>${js}</script>
<script id="data" type="application/json">${inlineJson(page)}</script>
<script>${PAGE_SCRIPT}</script>
</body></html>
`;
}
