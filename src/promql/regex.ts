import type { PromVersion } from './ast.js';

/**
 * What Go's regexp/syntax (RE2, Perl flags) refuses in a label matcher's regex: Prometheus compiles
 * `^(?s:<regex>)$` with it (model/labels/regexp.go). Covers the constructs people bring from PCRE or
 * JavaScript: lookarounds, backreferences, atomic groups, possessive and nested repetition, \Z, \G,
 * unknown escapes and character classes, repeat counts over 1000, unbalanced parentheses and brackets.
 * Go gained `(?<name>...)` in Go 1.22 (Prometheus 3.x); Prometheus 2.42 takes only `(?P<name>...)`.
 * Returns undefined when Go accepts the regex, else the offset in it and why.
 */
export interface RegexProblem {
  offset: number;
  message: string;
}

const ESCAPES = new Set([...'afnrtv', ...'dDsSwW', ...'bBAz', ...'pPxQE0']);
const POSIX = new Set([
  'alnum',
  'alpha',
  'ascii',
  'blank',
  'cntrl',
  'digit',
  'graph',
  'lower',
  'print',
  'punct',
  'space',
  'upper',
  'word',
  'xdigit',
]);
const REPEAT = /^\{(\d+)(,(\d*))?\}/;

function escape(re: string, i: number): { end: number; problem?: RegexProblem } {
  const e = re[i + 1];
  if (e === undefined)
    return { end: i + 1, problem: { offset: i, message: 'trailing backslash at end of expression' } };
  // Go: \1-\7 followed by an octal digit is an octal escape (up to 3 digits); a lone digit is a backreference
  if (/[1-7]/.test(e) && /[0-7]/.test(re[i + 2] ?? '')) return { end: i + (/[0-7]/.test(re[i + 3] ?? '') ? 4 : 3) };
  if (e === '0') return { end: i + 2 + (/^[0-7]{0,2}/.exec(re.slice(i + 2))?.[0].length ?? 0) };
  if (/[1-9]/.test(e))
    return {
      end: i + 2,
      problem: {
        offset: i,
        message: `backreferences (\\${e}) are not supported by Prometheus's Go regular expressions (RE2)`,
      },
    };
  if (e === 'Z' || e === 'G')
    return {
      end: i + 2,
      problem: {
        offset: i,
        message: `\\${e} is not supported by Prometheus's Go regular expressions (RE2)${e === 'Z' ? ': use $ (the regex is anchored anyway)' : ''}`,
      },
    };
  if (/[A-Za-z0-9]/.test(e) && !ESCAPES.has(e))
    return { end: i + 2, problem: { offset: i, message: `invalid escape sequence \\${e} in the regex (Go RE2)` } };
  if (e === 'p' || e === 'P') return { end: re[i + 2] === '{' ? re.indexOf('}', i) + 1 || re.length : i + 3 };
  if (e === 'x') return { end: re[i + 2] === '{' ? re.indexOf('}', i) + 1 || re.length : i + 4 };
  if (e === 'Q') {
    const end = re.indexOf('\\E', i + 2);
    return { end: end < 0 ? re.length : end + 2 };
  }
  return { end: i + 2 };
}

function charClass(re: string, i: number): { end: number; problem?: RegexProblem } {
  let j = i + 1;
  if (re[j] === '^') j++;
  if (re[j] === ']') j++;
  let prev: string | undefined;
  while (j < re.length && re[j] !== ']') {
    if (re.startsWith('[:', j)) {
      const close = re.indexOf(':]', j + 2);
      const name = close > 0 ? re.slice(j + 2, close).replace(/^\^/, '') : '';
      if (close > 0 && !POSIX.has(name))
        return {
          end: close + 2,
          problem: { offset: j, message: `invalid character class range [:${name}:] in the regex (Go RE2)` },
        };
      if (close > 0) {
        j = close + 2;
        prev = undefined;
        continue;
      }
    }
    let ch: string | undefined = re[j];
    let next = j + 1;
    if (ch === '\\') {
      const e = escape(re, j);
      if (e.problem) return e;
      ch = e.end === j + 2 && !/[A-Za-z]/.test(re[j + 1]!) ? re[j + 1] : undefined;
      next = e.end;
    }
    if (ch === '-' && prev !== undefined && re[next] !== ']' && next < re.length) {
      const hi = re[next] === '\\' ? re[next + 1] : re[next];
      if (hi !== undefined && hi < prev)
        return {
          end: next + 1,
          problem: { offset: j - 1, message: `invalid character class range ${prev}-${hi} in the regex (Go RE2)` },
        };
      j = re[next] === '\\' ? next + 2 : next + 1;
      prev = undefined;
      continue;
    }
    prev = ch;
    j = next;
  }
  if (j >= re.length) return { end: j, problem: { offset: i, message: 'missing closing ] in the regex' } };
  return { end: j + 1 };
}

export function re2Problem(re: string, version: PromVersion): RegexProblem | undefined {
  const open: number[] = [];
  /** what the last item was: undefined at the start of an alternative, 'repeat' right after a repetition */
  let last: 'atom' | 'repeat' | 'lazy' | undefined;
  let repeatFrom = 0;
  for (let i = 0; i < re.length;) {
    const c = re[i]!;
    if (c === '\\') {
      const e = escape(re, i);
      if (e.problem) return e.problem;
      i = e.end;
      last = 'atom';
    } else if (c === '[') {
      const e = charClass(re, i);
      if (e.problem) return e.problem;
      i = e.end;
      last = 'atom';
    } else if (c === '(') {
      if (re[i + 1] === '?') {
        const rest = re.slice(i + 2);
        const named = /^P?<([A-Za-z0-9_]*)>/.exec(rest);
        const flags = /^[imsU]*(-[imsU]*)?[:)]/.exec(rest);
        if (named) {
          if (named[1] === '') return { offset: i, message: 'invalid named capture: the group needs a name' };
          if (!rest.startsWith('P') && version === '2')
            return {
              offset: i,
              message: `named groups (?<${named[1]}>...) need Prometheus 3 (Go 1.22); Prometheus 2 takes (?P<${named[1]}>...)`,
            };
          i += 2 + named[0].length;
          open.push(i);
          last = undefined;
          continue;
        }
        if (flags && flags[0] !== '-)' && flags[0] !== '-:' && flags[0] !== ')') {
          i += 2 + flags[0].length;
          if (flags[0].endsWith(':')) open.push(i);
          last = flags[0].endsWith(':') ? undefined : last;
          continue;
        }
        const what =
          rest.startsWith('=') || rest.startsWith('!')
            ? 'lookahead'
            : rest.startsWith('<=') || rest.startsWith('<!')
              ? 'lookbehind'
              : rest.startsWith('>')
                ? 'atomic groups'
                : 'this group syntax';
        return {
          offset: i,
          message: `${what} ${re.slice(i, i + (what === 'lookbehind' ? 4 : 3))}...) is not supported by Prometheus's Go regular expressions (RE2)`,
        };
      }
      open.push(i);
      i++;
      last = undefined;
    } else if (c === ')') {
      if (!open.length) return { offset: i, message: 'unexpected ) in the regex' };
      open.pop();
      i++;
      last = 'atom';
    } else if (c === '|') {
      i++;
      last = undefined;
    } else if (c === '*' || c === '+' || c === '?' || (c === '{' && REPEAT.test(re.slice(i)))) {
      const m = c === '{' ? REPEAT.exec(re.slice(i))! : undefined;
      const len = m ? m[0].length : 1;
      if (c === '?' && last === 'repeat') {
        last = 'lazy';
        i++;
        continue;
      }
      if (last === 'repeat' || last === 'lazy')
        return {
          offset: i,
          message: `invalid nested repetition operator ${re.slice(repeatFrom, i + len)} in the regex (Go RE2 has no possessive quantifiers)`,
        };
      if (last === undefined)
        return { offset: i, message: `missing argument to repetition operator ${re.slice(i, i + len)} in the regex` };
      if (m) {
        const lo = Number(m[1]);
        const hi = m[3] === undefined || m[3] === '' ? lo : Number(m[3]);
        if (hi < lo)
          return { offset: i, message: `invalid repeat count ${m[0]} in the regex: the minimum is above the maximum` };
        if (lo > 1000 || hi > 1000)
          return { offset: i, message: `invalid repeat count ${m[0]} in the regex (Go RE2 allows at most 1000)` };
      }
      repeatFrom = i;
      i += len;
      last = 'repeat';
    } else {
      i++;
      last = 'atom';
    }
  }
  if (open.length) return { offset: open[open.length - 1]!, message: 'missing closing ) in the regex' };
  return undefined;
}

/** Does the (anchored) regex match the empty string? Unknown (undefined) where JavaScript cannot say. */
export function regexMatchesEmpty(re: string): boolean | undefined {
  try {
    return new RegExp(`^(?:${re.replace(/\(\?P</g, '(?<')})$`, 's').test('');
  } catch {
    return undefined;
  }
}
