import type { ImportResult } from '../import/index.js';
import { colors, ui } from './output.js';
import { plural } from './text.js';

/** The import report: what each file was, what was adapted, what could not be mapped. */
export function printImport(r: ImportResult, out: string | undefined): void {
  const c = colors();
  for (const i of r.inputs) ui.info(`${i.kind === 'unknown' ? c.yellow('unknown') : i.kind.padEnd(14)} ${i.file}`);
  const adapted = r.notes.filter((n) => n.kind === 'adapted');
  const unmapped = r.notes.filter((n) => n.kind === 'unmapped');
  if (adapted.length) {
    ui.info(`adapted (${adapted.length}, commented in the spec):`);
    for (const n of adapted) ui.info(`  ${n.file}: ${n.at ? `${n.at}: ` : ''}${n.message}`);
  }
  if (unmapped.length) {
    ui.info(c.yellow(`not mapped (${unmapped.length}, left out of the spec):`));
    for (const n of unmapped) ui.info(c.yellow(`  ${n.file}: ${n.at ? `${n.at}: ` : ''}${n.message}`));
  }
  const { services, rules, receivers, routes, dashboards } = r.counts;
  const what = [
    plural(services, 'service'),
    plural(rules, 'rule'),
    plural(receivers, 'receiver'),
    plural(routes, 'route'),
    plural(dashboards, 'dashboard'),
  ].join(', ');
  if (out) ui.success(`Wrote ${out}: ${what}; ${unmapped.length} not mapped`);
  else
    ui.error(
      'nothing could be imported',
      'pass a prometheus.yml, rule files, an alertmanager.yml or Grafana dashboards',
    );
}
