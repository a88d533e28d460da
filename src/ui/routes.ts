import type { RoutedAlert } from '../routing/router.js';
import { colors, ui } from './output.js';

/** The routing matrix as a table: alert, severity, receivers, what can inhibit it. */
export function printRoutingMatrix(rows: readonly RoutedAlert[]): void {
  const c = colors();
  const table = [
    ['ALERT', 'SEVERITY', 'RECEIVERS', 'INHIBITED BY'],
    ...rows.map((r) => [
      r.alert,
      r.labels.severity ?? '-',
      r.receivers.join(', ') + (r.unrouted ? ` (${r.unrouted} only)` : ''),
      r.inhibitedBy.join(', ') || '-',
    ]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  table.forEach((row, i) => {
    const line = row.map((cell, j) => (j === row.length - 1 ? cell : cell.padEnd(widths[j]!))).join('  ');
    ui.result(i === 0 ? c.bold(line) : rows[i - 1]!.unrouted ? c.yellow(line) : line);
  });
  const unrouted = rows.filter((r) => r.unrouted).length;
  ui.info(
    `${rows.length} alerts: ${rows.length - unrouted} reach a receiver through a route${unrouted ? `, ${unrouted} only the default or a null receiver` : ''}`,
  );
}
