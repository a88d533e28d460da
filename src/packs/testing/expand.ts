import type { Labels } from '../types.js';
import { goFloat, valueFunctions } from './humanize.js';

const ACTION = /\{\{-?\s*(.*?)\s*-?\}\}/g;

/**
 * Expands the annotation templates mon's packs use: `{{ $labels.x }}`, `{{ $value }}` and
 * `{{ $value | humanize }}` (or humanize1024, humanizePercentage). Returns undefined for any
 * other construct: the caller then leaves that annotation out of the expectation.
 */
export function expandTemplate(text: string, labels: Labels, value: number | undefined): string | undefined {
  let ok = true;
  const out = text.replace(ACTION, (_, action: string) => {
    const label = /^\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)$/.exec(action);
    if (label) return labels[label[1]!] ?? '<no value>';
    const val = /^\$value(?:\s*\|\s*(\w+))?$/.exec(action);
    if (val && value !== undefined) {
      if (!val[1]) return goFloat(value);
      const fn = valueFunctions[val[1]];
      if (fn) return fn(value);
    }
    ok = false;
    return '';
  });
  return ok ? out : undefined;
}
