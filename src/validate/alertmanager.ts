import type { ToolMissingError } from '../errors.js';
import { files } from '../model/conventions.js';
import type { Model } from '../model/types.js';
import { type CheckResult, skipped, timed } from '../report/checks.js';
import { routingLabelNames, routingProjection } from '../routing/relevant.js';
import { routingMatrix } from '../routing/router.js';
import { type Diagnostic, formatPath } from '../spec/diagnostics.js';
import type { LoadedSpec } from '../spec/load.js';
import { checkAmConfig, renderTemplate, routesTest, verifyRoutes } from '../tools/amtool.js';
import { namedTemplates, ref, TEMPLATE_FILE } from '../notify/templates.js';
import { AM_KINDS } from '../notify/templates.js';
import { plural } from '../ui/text.js';
import { mapLimit } from '../util/concurrency.js';
import { toolCheck } from './checks.js';

export const AM_CHECKS = [
  ['amtool-config', 'amtool check-config'],
  ['routing', 'routing: expectations hold, every alert reaches a receiver'],
] as const;
/** only in a spec with notifications.templates (other specs' check lists stay as they were) */
const TEMPLATES_CHECK = ['amtool-templates', 'amtool template render: every notification template renders'] as const;

/** Each named template of notifications.templates rendered by `amtool template render`. */
async function templatesCheck(model: Model, dir: string): Promise<CheckResult[]> {
  if (!namedTemplates(model.alertmanager.templates, AM_KINDS).length) return [];
  return [await renderedCheck(model, dir)];
}

async function renderedCheck(model: Model, dir: string): Promise<CheckResult> {
  const named = namedTemplates(model.alertmanager.templates, AM_KINDS);
  return timed(...TEMPLATES_CHECK, async () => {
    const failed: string[] = [];
    for (const [name] of named) {
      const r = await renderTemplate(TEMPLATE_FILE, ref(name), dir);
      if (!r.ok) failed.push(`${name}: ${r.stderr.trim().split('\n').slice(-1)[0]}`);
    }
    return failed.length
      ? {
          status: 'fail',
          details: `${plural(failed.length, 'template')} did not render: ${failed.join('; ')}`,
          diagnostics: failed.map((f) => ({
            severity: 'error' as const,
            file: TEMPLATE_FILE,
            line: 1,
            col: 1,
            path: 'notifications.templates',
            message: f,
          })),
        }
      : { status: 'pass', details: `${plural(named.length, 'template')} rendered by amtool template render` };
  });
}

/**
 * The spec's routing expectations with `amtool config routes test --verify.receivers`, and every
 * generated alert routed by amtool and by mon's own router, which must agree (`mon routes` shows
 * the latter).
 */
async function routingCheck(loaded: LoadedSpec, model: Model, dir: string): Promise<CheckResult> {
  return timed(...AM_CHECKS[1], async () => {
    const file = files.alertmanagerConfig;
    const diagnostics: Diagnostic[] = [];
    const located = (path: ReadonlyArray<string | number>, message: string): Diagnostic => {
      const pos = loaded.doc.position(path);
      return { severity: 'error', file: loaded.file, line: pos.line, col: pos.col, path: formatPath(path), message };
    };
    const expectations = model.alertmanager.expectations;
    await mapLimit(expectations, 2, async (e) => {
      const r = await verifyRoutes(file, e.labels, e.receivers, dir);
      if (!r.ok) {
        const got = await routesTest(file, e.labels, dir);
        diagnostics.push(
          located(
            [...e.source, 'receivers'],
            `expected receivers ${e.receivers.join(', ')}; amtool routes ${JSON.stringify(e.labels)} to ${got.join(', ') || 'none'}`,
          ),
        );
      }
    });
    const matrix = routingMatrix(model);
    // amtool once per distinct set of the labels the routing tree reads, not once per alert
    const names = routingLabelNames(model.alertmanager.route);
    const sets = new Map<string, Record<string, string>>();
    const keyOf = matrix.map((row) => {
      const labels = routingProjection(row.labels, names);
      const key = JSON.stringify(labels);
      sets.set(key, labels);
      return key;
    });
    const amtoolSays = new Map<string, string[]>();
    await mapLimit([...sets], 2, async ([key, labels]) => {
      amtoolSays.set(key, await routesTest(file, labels, dir));
    });
    matrix.forEach((row, i) => {
      const got = amtoolSays.get(keyOf[i]!)!;
      if (got.join(',') !== row.receivers.join(',')) {
        diagnostics.push(
          located(
            row.rule.source,
            `${row.alert}: amtool routes it to ${got.join(', ')}, mon's router to ${row.receivers.join(', ')} (a bug in mon: please report it)`,
          ),
        );
      }
    });
    const reached = matrix.filter((m) => !m.unrouted).length;
    const details = `${plural(expectations.length, 'expectation')} checked; ${reached} of ${plural(matrix.length, 'alert')} reach a receiver through a route (amtool on ${plural(sets.size, 'distinct label set')})`;
    return diagnostics.length
      ? { status: 'fail', details: `${plural(diagnostics.length, 'routing problem')}; ${details}`, diagnostics }
      : { status: 'pass', details };
  });
}

export async function alertmanagerChecks(
  loaded: LoadedSpec,
  model: Model,
  dir: string,
  missing: ToolMissingError[],
): Promise<CheckResult[]> {
  if (!model.alertmanager.enabled)
    return AM_CHECKS.map(([id, name]) => skipped(id, name, 'alertmanager.enabled is false'));
  const skipTemplates = (why: string) =>
    namedTemplates(model.alertmanager.templates, AM_KINDS).length ? [skipped(...TEMPLATES_CHECK, why)] : [];
  const before = missing.length;
  const config = await toolCheck(...AM_CHECKS[0], () => checkAmConfig(files.alertmanagerConfig, dir), missing);
  if (missing.length > before)
    return [config, skipped(...AM_CHECKS[1], 'amtool is missing'), ...skipTemplates('amtool is missing')];
  if (config.status === 'fail')
    return [
      config,
      skipped(...AM_CHECKS[1], 'amtool refused the config'),
      ...skipTemplates('amtool refused the config'),
    ];
  return [config, await routingCheck(loaded, model, dir), ...(await templatesCheck(model, dir))];
}
