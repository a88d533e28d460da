import type { ComponentResult, ComponentStatus } from '../targets/types.js';
import { colors, ui } from './output.js';

export function printDeploy(results: readonly ComponentResult[], summary: string): void {
  const c = colors();
  const width = Math.max(...results.map((r) => r.name.length), 4);
  for (const r of results) {
    const what =
      r.action === 'not-deployed'
        ? c.yellow('not deployed')
        : r.action === 'unchanged'
          ? c.dim('unchanged')
          : c.green(r.action);
    const extra = [r.ms !== undefined ? `${r.ms} ms` : '', r.pid ? `pid ${r.pid}` : '', r.url ?? '', r.reason ?? '']
      .filter(Boolean)
      .join('  ');
    ui.result(`${r.name.padEnd(width)}  ${what.padEnd(12)}  ${extra}`);
  }
  ui.success(summary);
}

export function printStatus(list: readonly ComponentStatus[]): void {
  const c = colors();
  const width = Math.max(...list.map((r) => r.name.length), 4);
  for (const s of list) {
    const what = s.status === 'ready' ? c.green('ready') : s.status === 'down' ? c.red('down') : c.yellow(s.status);
    ui.result(
      `${s.name.padEnd(width)}  ${what.padEnd(12)}  ${[s.pid ? `pid ${s.pid}` : '', s.url ?? '', s.reason ?? ''].filter(Boolean).join('  ')}`,
    );
  }
}
