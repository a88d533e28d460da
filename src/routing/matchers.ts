import { RE2JS } from 're2js';
/**
 * Alertmanager label matchers (`severity="critical"`, `team=~"db|infra"`): parsed once, emitted
 * with double-quoted values (valid for the classic and the UTF-8 parsers), evaluated in-process.
 */
export type MatchOp = '=' | '!=' | '=~' | '!~';
export interface Matcher {
  name: string;
  op: MatchOp;
  value: string;
}

/**
 * Alertmanager anchors a matcher's regex as ^(?:value)$ and compiles it with Go's regexp (RE2
 * syntax, pkg/labels/matcher.go NewMatcher): re2js is a port of RE2, so `(?i)` works and
 * lookaheads or backreferences are refused, as there.
 */
const compiled = new Map<string, RE2JS>();
/** Compiled once per value in a run: routing evaluates the same matchers for every alert. */
function regex(value: string): RE2JS {
  let re = compiled.get(value);
  if (!re) compiled.set(value, (re = RE2JS.compile(`^(?:${value})$`)));
  return re;
}

const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^\s"',{}]*))\s*$/;

export function parseMatcher(text: string): Matcher | { error: string } {
  const m = MATCHER.exec(text);
  if (!m) return { error: `invalid matcher ${JSON.stringify(text)}: write label="value" with = != =~ or !~` };
  const value = m[3] !== undefined ? m[3].replace(/\\(["\\])/g, '$1').replace(/\\n/g, '\n') : m[4]!;
  const matcher: Matcher = { name: m[1]!, op: m[2] as MatchOp, value };
  if (matcher.op === '=~' || matcher.op === '!~') {
    try {
      regex(value);
    } catch (e) {
      return {
        error: `invalid regular expression in matcher ${JSON.stringify(text)}: ${(e as Error).message.replace(/^error parsing regexp: /, '')} (Go RE2 syntax: no lookaround, no backreferences)`,
      };
    }
  }
  return matcher;
}

export const formatMatcher = (m: Matcher) =>
  `${m.name}${m.op}"${m.value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

/** Does the matcher accept this label set? A missing label reads as "" (as in Alertmanager). */
export function matches(m: Matcher, labels: Record<string, string>): boolean {
  const v = labels[m.name] ?? '';
  switch (m.op) {
    case '=':
      return v === m.value;
    case '!=':
      return v !== m.value;
    case '=~':
      return regex(m.value).matches(v);
    case '!~':
      return !regex(m.value).matches(v);
  }
}

export const matchesAll = (ms: readonly Matcher[], labels: Record<string, string>) =>
  ms.every((m) => matches(m, labels));
