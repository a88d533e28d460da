import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { collectPage } from '../dashboards/collect.js';
import type { Absent, Prom } from '../dashboards/data.js';
import { pageHeight, pageHtml, PAGE_WIDTH } from '../dashboards/html.js';
import { stackDirOf } from '../deploy/stack-dir.js';
import { ExitCode, MonError } from '../errors.js';
import { files } from '../model/conventions.js';
import { parseDuration } from '../spec/duration.js';
import { requireBinary } from '../tools/binaries.js';
import { screenshot } from '../tools/chromium.js';
import { isJson, ui } from '../ui/output.js';
import { getJson } from '../net/http.js';
import { verifyContext } from '../verify/run.js';

export interface RenderOptions {
  file: string;
  stackDir?: string;
  out: string;
  from?: string;
  prometheusUrl?: string;
  auth?: string;
  token?: string;
}

/**
 * `mon dashboards render`: every generated dashboard as an HTML page and a PNG, drawn from the
 * live Prometheus with headless Chromium. A preview for reviews and CI artifacts; the dashboard
 * JSON Grafana gets is untouched.
 */
export async function render(opts: RenderOptions): Promise<number> {
  if (opts.from !== undefined && !parseDuration(opts.from))
    throw new MonError(`--from must be a duration like 1h or 30m, got ${JSON.stringify(opts.from)}`, ExitCode.usage);
  const stackDir = await stackDirOf(opts.file, opts.stackDir);
  const ctx = await verifyContext({
    file: opts.file,
    stackDir,
    prometheusUrl: opts.prometheusUrl,
    auth: opts.auth,
    token: opts.token,
  });
  requireBinary('chromium'); // after the spec: a spec error outranks a missing tool
  const url = ctx.endpoints.urls.prometheus;
  if (!url)
    throw new MonError(
      `Prometheus: ${ctx.endpoints.absent.prometheus ?? 'not deployed'}`,
      ExitCode.invalid,
      'run `mon deploy`, or give --prometheus-url',
    );
  const up = await getJson(`${url}/api/v1/status/buildinfo`, ctx.endpoints.auth);
  if (!up.data)
    throw new MonError(
      `Prometheus does not answer: ${up.why}`,
      ExitCode.invalid,
      'is the stack running? (`mon status`)',
    );
  const prom: Prom = { url, auth: ctx.endpoints.auth, scrapeInterval: ctx.model.prometheus.scrapeInterval };
  const absent: Absent = {};
  for (const c of ['tempo', 'loki', 'alertmanager'] as const) {
    if (!ctx.model[c].enabled) absent[c] = 'not part of this stack';
    else if (!ctx.endpoints.urls[c]) absent[c] = ctx.endpoints.absent[c] ?? 'not deployed';
  }
  const plans = ctx.model.dashboards.plans;
  if (!plans.length)
    throw new MonError(
      'this spec generates no dashboards',
      ExitCode.invalid,
      'add a grafana: section (and dashboards:)',
    );
  // the dashboard JSON exactly as generated for Grafana
  const jsonOf = (uid: string) =>
    JSON.parse(ctx.artifacts.find((a) => a.path === files.grafanaDashboard(uid))!.content) as Parameters<
      typeof collectPage
    >[2];
  await mkdir(opts.out, { recursive: true });
  const written = [];
  for (const plan of plans) {
    const page = await collectPage(prom, plan, jsonOf(plan.uid), absent, opts.from);
    const html = join(opts.out, `${plan.uid}.html`);
    const png = join(opts.out, `${plan.uid}.png`);
    await writeFile(html, await pageHtml(page));
    const height = pageHeight(page);
    await ui.spin(`drawing ${plan.uid}`, () => screenshot(html, png, PAGE_WIDTH, height));
    const drawn = page.panels.filter((p) => p.type !== 'row');
    const noData = drawn.filter((p) => !p.skipped && !p.queries.some((q) => q.series.length)).map((p) => p.title);
    written.push({
      uid: plan.uid,
      title: plan.title,
      html,
      png,
      width: PAGE_WIDTH,
      height,
      panels: drawn.length,
      noData,
      skipped: drawn.filter((p) => p.skipped).map((p) => p.title),
    });
    ui.result(`${png}  ${drawn.length} panels${noData.length ? `, no data: ${noData.join(', ')}` : ''}`);
  }
  if (isJson()) ui.json({ ok: true, command: 'dashboards render', out: opts.out, dashboards: written });
  else ui.success(`Rendered ${written.length} dashboards to ${opts.out} (HTML and PNG, ${PAGE_WIDTH} px wide)`);
  return ExitCode.ok;
}
