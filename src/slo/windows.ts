/**
 * Multi-window, multi-burn-rate alerting as the SRE workbook (chapter 5, "Alerting on SLOs",
 * table 5-8) gives it: each pair of windows alerts when both burn the error budget faster than a
 * factor, and the factor is the share of the period's budget that the long window may consume:
 *   factor = share * period / long window
 * For a 30-day period this is 14.4 (1h, 2%), 6 (6h, 5%), 3 (1d, 10%) and 1 (3d, 10%); for 28 days
 * the same shares give 13.44, 5.6, 2.8 and 0.933, as sloth's 28-day catalogue does.
 */
export type SloPeriod = '28d' | '30d';
export const SLO_PERIODS: readonly SloPeriod[] = ['28d', '30d'];
export const DEFAULT_SLO_PERIOD: SloPeriod = '30d';

export interface BurnWindow {
  short: string;
  long: string;
  /** minutes, for the generated tests */
  shortMinutes: number;
  longMinutes: number;
  /** the share of the period's error budget the long window may consume before alerting */
  budgetShare: number;
}

export type SloSeverity = 'page' | 'ticket';

const w = (
  short: string,
  shortMinutes: number,
  long: string,
  longMinutes: number,
  budgetShare: number,
): BurnWindow => ({
  short,
  long,
  shortMinutes,
  longMinutes,
  budgetShare,
});

/** The workbook's windows, the same for both periods (only the factors change). */
export const BURN_WINDOWS: Record<SloSeverity, readonly BurnWindow[]> = {
  page: [w('5m', 5, '1h', 60, 0.02), w('30m', 30, '6h', 360, 0.05)],
  ticket: [w('2h', 120, '1d', 1440, 0.1), w('6h', 360, '3d', 4320, 0.1)],
};

export const periodDays = (period: SloPeriod) => (period === '28d' ? 28 : 30);

/** The burn-rate factor of a window pair for the period, rounded to 10 significant digits (5.6, not 5.6000000000000005). */
export function burnFactor(period: SloPeriod, win: BurnWindow): number {
  return Number(((win.budgetShare * periodDays(period) * 24 * 60) / win.longMinutes).toPrecision(10));
}

/** Every window an SLI ratio is recorded over: the alerts' windows (shortest first), then the period. */
export function recordedWindows(period: SloPeriod): string[] {
  const all = [...BURN_WINDOWS.page, ...BURN_WINDOWS.ticket].flatMap((x) => [
    [x.short, x.shortMinutes] as const,
    [x.long, x.longMinutes] as const,
  ]);
  const unique = new Map(all);
  return [...[...unique.entries()].sort((a, b) => a[1] - b[1]).map(([name]) => name), period];
}
