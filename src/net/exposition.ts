/**
 * The Prometheus text exposition format (0.0.4), as Prometheus's own parser reads it
 * (model/textparse/promparse.go): comment lines (# HELP, # TYPE), samples
 * `name{label="value",...} value [timestamp]`. Returns the first problem and the sample count.
 */
const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const VALUE = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|Inf|inf|NaN|nan)$|^0x[0-9a-fA-F]+$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function sampleProblem(line: string): string | undefined {
  const name = NAME.exec(line)?.[0];
  if (!name) return 'a sample must start with a metric name';
  let rest = line.slice(name.length);
  if (rest.startsWith('{')) {
    rest = rest.slice(1);
    for (;;) {
      rest = rest.trimStart();
      if (rest.startsWith('}')) break;
      const label = LABEL.exec(rest)?.[0];
      if (!label) return `invalid label name in "${line.slice(0, 80)}"`;
      rest = rest.slice(label.length).trimStart();
      if (!rest.startsWith('="')) return `expected ="value" after label ${label}`;
      let i = 2;
      while (i < rest.length && rest[i] !== '"') i += rest[i] === '\\' ? 2 : 1;
      if (i >= rest.length) return `unterminated label value of ${label}`;
      rest = rest.slice(i + 1).trimStart();
      if (rest.startsWith(',')) rest = rest.slice(1);
      else if (!rest.startsWith('}')) return `expected , or } after label ${label}`;
    }
    rest = rest.slice(1);
  }
  const parts = rest.trim().split(/\s+/);
  if (!rest.startsWith(' ') && !rest.startsWith('\t')) return `expected a space before the value of ${name}`;
  if (parts.length < 1 || parts.length > 2 || !VALUE.test(parts[0]!))
    return `invalid value "${parts[0] ?? ''}" for ${name}`;
  if (parts[1] !== undefined && !/^-?\d+$/.test(parts[1])) return `invalid timestamp "${parts[1]}" for ${name}`;
  return undefined;
}

export function checkExposition(text: string): { problem?: string; samples: number } {
  let samples = 0;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.replace(/\r$/, '');
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      const m = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s+(.*))?$/.exec(line);
      if (m?.[1] === 'TYPE' && !TYPES.has((m[3] ?? '').trim()))
        return { problem: `line ${n + 1}: unknown metric type "${m[3] ?? ''}"`, samples };
      continue;
    }
    const p = sampleProblem(line);
    if (p) return { problem: `line ${n + 1}: ${p}`, samples };
    samples++;
  }
  return { samples };
}
