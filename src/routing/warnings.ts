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
  const rows = routingMatrix(model);
  // an expectation that states where an alert goes (its labels among the alert's, the same
  // receivers) says the default receiver is meant: no warning for it
  const expected = (row: (typeof rows)[number]) =>
    am.expectations.some(
      (e) =>
        Object.entries(e.labels).every(([k, v]) => row.labels[k] === v) &&
        e.receivers.join(',') === row.receivers.join(','),
    );
  const out: Diagnostic[] = [];
  const byDefault: typeof rows = [];
  for (const row of rows) {
    if (row.unrouted === 'null')
      out.push(
        at(
          row.rule.source,
          `alert ${row.alert} reaches only null receivers (${row.receivers.join(', ')})`,
          'route it to a receiver that notifies someone',
        ),
      );
    else if (row.unrouted === 'default' && !expected(row)) byDefault.push(row);
  }
  if (byDefault.length === 1) {
    const row = byDefault[0]!;
    out.push(
      at(
        row.rule.source,
        `alert ${row.alert} matches no route and reaches only the default receiver "${row.receivers[0]}"`,
        `add a route that matches it, e.g. by severity, or say it is meant: notifications.expect: [{labels: {alertname: ${row.alert}}, receivers: [${row.receivers[0]}]}]`,
      ),
    );
  } else if (byDefault.length > 1) {
    // one line for all of them, at the route they fall through
    const names = [...new Set(byDefault.map((r) => r.alert))];
    const shown = names.slice(0, 8).join(', ') + (names.length > 8 ? `, and ${names.length - 8} more` : '');
    out.push(
      at(
        loaded.spec.notifications?.route ? ['notifications', 'route'] : ['notifications'],
        `${byDefault.length} alerts match no route and reach only the default receiver "${byDefault[0]!.receivers[0]}": ${shown}`,
        'add routes that match them, e.g. by severity, or say it is meant with notifications.expect (labels they share, and that receiver); `mon routes` lists them',
      ),
    );
  }
  return out;
}
