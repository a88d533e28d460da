import { formatMatcher, parseMatcher, type Matcher } from '../routing/matchers.js';

/** A PromQL series selector as an SLO's SLI writes it: `name{label="v",...}` (no offset, no range). */
export interface ParsedSelector {
  metric: string;
  matchers: Matcher[];
}

const SELECTOR = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?:\{(.*)\})?\s*$/s;

/** Split a matcher list at commas outside double quotes. */
function splitMatchers(body: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted && c === '\\') {
      cur += c + (body[++i] ?? '');
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) parts.push(cur);
  return parts.filter((p) => p.trim() !== '');
}

export function parseSelector(text: string): ParsedSelector | { error: string } {
  const m = SELECTOR.exec(text);
  if (!m) return { error: `not a series selector: write metric_name or metric_name{label="value"}` };
  const matchers: Matcher[] = [];
  for (const part of splitMatchers(m[2] ?? '')) {
    const parsed = parseMatcher(part.trim());
    if ('error' in parsed) return parsed;
    matchers.push(parsed);
  }
  return { metric: m[1]!, matchers };
}

export const formatSelector = (s: ParsedSelector) =>
  s.matchers.length ? `${s.metric}{${s.matchers.map(formatMatcher).join(',')}}` : s.metric;
