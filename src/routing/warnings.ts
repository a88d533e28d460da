import type { Model } from '../model/types.js';
import type { Diagnostic } from '../spec/diagnostics.js';
import { formatPath } from '../spec/diagnostics.js';
import type { LoadedSpec } from '../spec/load.js';
import { routingMatrix } from './router.js';

/** Alerts that would reach no one in particular: only the root's receiver, or only null receivers. */
export function routingWarnings(loaded: LoadedSpec, model: Model): Diagnostic[] {
  const am = model.alertmanager;
  if (!am.enabled || !model.ruleGroups.length) return [];
  const at = (path: ReadonlyArray<string | number>, message: string, hint: string): Diagnostic => {
    const pos = loaded.doc.position(path, { key: true });
    return {
      severity: 'warning',
      file: loaded.file,
      line: pos.line,
      col: pos.col,
      path: formatPath(path),
      message,
      hint,
    };
  };
  if (!loaded.spec.notifications?.receivers?.length) {
    return [
      at(
        [],
        'no notification receivers: every alert goes to a null receiver and notifies no one',
        'add notifications.receivers and a route',
      ),
    ];
  }
  return routingMatrix(model).flatMap((row) => {
    if (row.unrouted === 'null')
      return [
        at(
          row.rule.source,
          `alert ${row.alert} reaches only null receivers (${row.receivers.join(', ')})`,
          'route it to a receiver that notifies someone',
        ),
      ];
    if (row.unrouted === 'default') {
      return [
        at(
          row.rule.source,
          `alert ${row.alert} matches no route and reaches only the default receiver "${row.receivers[0]}"`,
          'add a route that matches it, e.g. by severity',
        ),
      ];
    }
    return [];
  });
}
