/** Sizes in the spec: `1GiB`, `512MiB`, `2GB`, or a plain number of bytes. */
const FACTORS: Record<string, number> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
};

export function parseBytes(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([KMGT]i?B|B)?$/.exec(value.trim());
  if (!m) return undefined;
  const factor = FACTORS[m[2] ?? 'B'];
  return factor === undefined ? undefined : Math.round(Number(m[1]) * factor);
}

/** `1073741824` -> `1GiB`, for messages and annotations. */
export function formatBytes(n: number): string {
  for (const unit of ['TiB', 'GiB', 'MiB', 'KiB'] as const) {
    const f = FACTORS[unit]!;
    if (n >= f && n % f === 0) return `${n / f}${unit}`;
  }
  return `${n}B`;
}
