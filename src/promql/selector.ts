import type { ExprOf, Matcher, StringLit } from './ast.js';
import type { Checker } from './check.js';
import { quotedNameProblem } from './dialect.js';
import { re2Problem, regexMatchesEmpty } from './regex.js';
import { unquote } from './strings.js';

/**
 * A selector's strings and matchers, as Prometheus's lexer and parser read them: escapes,
 * regexes (Go RE2), quoted names (3.x), the metric name set twice, and at least one matcher
 * that does not match the empty string (checkAST's *VectorSelector case).
 */
export function selectorProblems(c: Checker, e: ExprOf<'selector'>): void {
  let name = e.name;
  let nonEmpty = !!e.name;
  for (const m of e.matchers) {
    if (m.quotedName) {
      const q = quotedNameProblem(c.text(m).split(/\s*(=~|!~|!=|=)/)[0]!, c.cx.version);
      if (q) {
        c.report(m, q);
        nonEmpty = true;
        continue;
      }
    }
    const label = m.quotedName ? unquotedName(c, m) : m.name;
    if (label === undefined) continue;
    if (m.op === undefined) {
      // {"my.metric"}: the metric name
      if (name !== undefined) c.report(m, `the metric name is set twice: ${name} and "${label}"; keep one`);
      name = label;
      nonEmpty = true;
      continue;
    }
    const v = value(c, m.value!);
    if (v === undefined) continue;
    if (label === '__name__' && m.op === '=') {
      if (name !== undefined) c.report(m, `the metric name is set twice: ${name} and ${c.text(m)}; keep one`);
      name = v;
    }
    if (m.op === '=~' || m.op === '!~') {
      const p = re2Problem(v, c.cx.version);
      if (p) {
        c.report(m.value!, `invalid regex in ${c.text(m)}: ${p.message}`);
        continue;
      }
    }
    const matchesEmpty =
      m.op === '=' ? v === '' : m.op === '!=' ? v !== '' : m.op === '=~' ? regexMatchesEmpty(v) : !regexMatchesEmpty(v);
    if (matchesEmpty === false || matchesEmpty === undefined) nonEmpty = true;
  }
  if (!nonEmpty) {
    c.report(
      e,
      `${c.text(e)} selects every series: name a metric (up${c.text(e)}) or add a matcher that does not match the empty string, such as job=~".+"`,
    );
  }
}

/** The value of a string literal; an invalid escape is reported. */
export function value(c: Checker, s: StringLit): string | undefined {
  const u = unquote(s.raw);
  if (u.ok) return u.value;
  c.report({ from: s.from + u.offset, to: s.to }, u.message);
  return undefined;
}

function unquotedName(c: Checker, m: Matcher): string | undefined {
  const raw = /^("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)/.exec(c.text(m))?.[0];
  if (!raw) return m.name;
  return value(c, { kind: 'string', from: m.from, to: m.from + raw.length, raw });
}
