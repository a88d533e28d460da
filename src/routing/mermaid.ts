import type { Route } from '../model/types.js';
import { formatMatcher } from './matchers.js';

const esc = (s: string) => s.replace(/"/g, '#quot;');

/** The routing tree as a Mermaid flowchart (for `mon routes --mermaid`). */
export function routeTreeMermaid(root: Route): string {
  const lines = ['graph TD'];
  let n = 0;
  const node = (r: Route, isRoot: boolean): string => {
    const id = `r${n++}`;
    const what = isRoot ? 'every alert' : r.matchers.map(formatMatcher).join(', ');
    const extra = [
      r.continue ? 'continue' : '',
      r.muteTimeIntervals.length ? `muted: ${r.muteTimeIntervals.join(', ')}` : '',
      r.activeTimeIntervals.length ? `active: ${r.activeTimeIntervals.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    lines.push(`  ${id}["${esc(what)}<br/>→ ${esc(r.receiver)}${extra ? `<br/>${esc(extra)}` : ''}"]`);
    for (const child of r.routes) lines.push(`  ${id} --> ${node(child, false)}`);
    return id;
  };
  node(root, true);
  return `${lines.join('\n')}\n`;
}
