/** Prometheus durations (`1h30m`, `15d`, `500ms`): parse to milliseconds and format back. */
const UNITS: ReadonlyArray<[string, number]> = [
  ['y', 365 * 24 * 3600_000],
  ['w', 7 * 24 * 3600_000],
  ['d', 24 * 3600_000],
  ['h', 3600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];
const PATTERN = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Milliseconds, or undefined when `text` is not a Prometheus duration. */
export function parseDuration(text: string): number | undefined {
  if (text === '') return undefined;
  if (text === '0') return 0; // model.ParseDuration takes a bare 0 (for: 0)
  const m = PATTERN.exec(text);
  if (!m) return undefined;
  let total = 0;
  UNITS.forEach(([, ms], i) => {
    const part = m[i + 1];
    if (part !== undefined) total += Number(part) * ms;
  });
  return total;
}

/** The shortest Prometheus spelling of a duration in milliseconds (`90000` -> `1m30s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size] of UNITS) {
    if (unit === 'w' || unit === 'y') continue; // Prometheus prints days, not weeks or years
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

/**
 * A duration in Go's `time.ParseDuration` spelling (units h, m, s, ms: Go has no d, w or y), for
 * Tempo, which reads its durations with it: `7d` -> `168h`, `1h30m` -> `1h30m`.
 */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  const h = Math.floor(ms / 3600_000);
  const m = Math.floor((ms % 3600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const rest = ms % 1000;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}${rest ? `${rest}ms` : ''}`;
}
