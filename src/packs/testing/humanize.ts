/**
 * Prometheus's template functions for numbers, as its Go code formats them (`%.4g` with SI or
 * binary prefixes), so that generated unit tests can expect the expanded annotation text.
 */
/**
 * Four significant digits of |v| and the decimal exponent of the first, rounded as Go's strconv
 * does: to the nearest, and an exact tie to even (JavaScript's toPrecision rounds a tie up:
 * 5.3125 is "5.312" in Go, "5.313" in JavaScript).
 */
function digits4(v: number): { digits: string; exp: number } {
  const a = Math.abs(v);
  const exact = a.toExponential(40); // exact far enough: a double that is not a tie differs from it within 17 digits
  const [m, e] = exact.split('e') as [string, string];
  const d = m.replace('.', '');
  if (d[4] === '5' && /^0*$/.test(d.slice(5)) && Number(d[3]) % 2 === 0)
    return { digits: d.slice(0, 4), exp: Number(e) };
  const [rm, re] = a.toExponential(3).split('e') as [string, string];
  return { digits: rm.replace('.', ''), exp: Number(re) };
}

/** Go's fmt `%.4g` of a float64. */
export function formatG4(v: number): string {
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : v < 0 ? '-Inf' : 'NaN';
  const { digits, exp } = digits4(v);
  const sign = v < 0 ? '-' : '';
  if (exp < -4 || exp >= 4) {
    const mant = `${digits[0]}.${digits.slice(1)}`.replace(/0+$/, '').replace(/\.$/, '');
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const fixed =
    exp >= 0 ? `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}` : `0.${'0'.repeat(-exp - 1)}${digits}`;
  return `${sign}${fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed}`;
}

export function humanize(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return formatG4(v);
  let prefix = '';
  if (Math.abs(v) >= 1) {
    for (const p of ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y']) {
      if (Math.abs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
    return `${formatG4(v)}${prefix}`;
  }
  for (const p of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return `${formatG4(v)}${prefix}`;
}

export function humanize1024(v: number): string {
  if (Math.abs(v) <= 1) return formatG4(v);
  let prefix = '';
  for (const p of ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi']) {
    if (Math.abs(v) < 1024) break;
    prefix = p;
    v /= 1024;
  }
  return `${formatG4(v)}${prefix}`;
}

export const humanizePercentage = (v: number) => `${formatG4(v * 100)}%`;

/** Go's %v of a float64 (strconv 'g', shortest): what `{{ $value }}` prints. */
export function goFloat(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e21) {
    const s = String(v);
    return s.length > 21 ? v.toExponential().replace(/e\+?(-?)(\d)$/, 'e$1+0$2') : s;
  }
  const s = String(v);
  const m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(s);
  if (m) return `${m[1]}e${m[2]}${m[3]!.padStart(2, '0')}`;
  const exp = Math.floor(Math.log10(Math.abs(v)));
  if (exp < -4) return v.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return s;
}

export const valueFunctions: Record<string, (v: number) => string> = { humanize, humanize1024, humanizePercentage };
