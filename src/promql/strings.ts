/**
 * PromQL string literals as Prometheus reads them: the lexer's escape rules
 * (promql/parser/lex.go lexEscape: \a \b \f \n \r \t \v \\, the opening quote, \NNN octal,
 * \xHH, \uHHHH, \UHHHHHHHH) and util/strutil.Unquote for the value.
 */
export type Unquoted = { ok: true; value: string } | { ok: false; offset: number; message: string };

const SIMPLE: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** The value of a string literal (with its quotes); offset of an error is inside `raw`. */
export function unquote(raw: string): Unquoted {
  const q = raw[0]!;
  if (raw.length < 2 || raw[raw.length - 1] !== q)
    return { ok: false, offset: 0, message: 'unterminated quoted string' };
  const body = raw.slice(1, -1);
  if (q === '`') return { ok: true, value: body };
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const at = i + 1;
    const e = body[++i];
    if (e === undefined) return { ok: false, offset: at, message: 'escape sequence not terminated' };
    if (SIMPLE[e] !== undefined) out += SIMPLE[e];
    else if (e === q) out += q;
    else {
      const spec = /[0-7]/.test(e)
        ? { n: 3, base: 8, max: 255, start: i }
        : e === 'x'
          ? { n: 2, base: 16, max: 255, start: i + 1 }
          : e === 'u'
            ? { n: 4, base: 16, max: 0x10ffff, start: i + 1 }
            : e === 'U'
              ? { n: 8, base: 16, max: 0x10ffff, start: i + 1 }
              : undefined;
      if (!spec && (e === '"' || e === "'"))
        return {
          ok: false,
          offset: at,
          message: `\\${e} is no escape in a ${q === '"' ? 'double' : 'single'}-quoted string: write ${e} without the backslash`,
        };
      if (!spec) {
        const fix = `\\\\${e}`;
        return {
          ok: false,
          offset: at,
          message: `unknown escape sequence "\\${e}" in a ${q === '"' ? 'double' : 'single'}-quoted string: write ${fix} (a backslash is written \\\\), or use a raw string in backticks`,
        };
      }
      const digits = body.slice(spec.start, spec.start + spec.n);
      const valid = spec.base === 8 ? /^[0-7]*$/ : /^[0-9a-fA-F]*$/;
      if (digits.length < spec.n || !valid.test(digits))
        return {
          ok: false,
          offset: at,
          message: `invalid escape sequence "\\${body.slice(i, spec.start + spec.n)}": \\${spec.base === 8 ? 'NNN takes 3 octal digits' : `${e} takes ${spec.n} hex digits`}`,
        };
      const cp = parseInt(digits, spec.base);
      if (cp > spec.max || (cp >= 0xd800 && cp < 0xe000))
        return {
          ok: false,
          offset: at,
          message: `escape sequence "\\${body.slice(i, spec.start + spec.n)}" is an invalid Unicode code point`,
        };
      out += spec.max === 255 ? String.fromCharCode(cp) : String.fromCodePoint(cp);
      i = spec.start + spec.n - 1;
    }
  }
  return { ok: true, value: out };
}
