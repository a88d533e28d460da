import type { SloPeriod } from './windows.js';

/** One alert of an SLO (page or ticket): on unless `enabled: false`. */
export interface SloAlertSpec {
  enabled?: boolean;
  /** the alert's name (default <Service><Name>BudgetBurnPage / ...Ticket) */
  name?: string;
  /** default: critical for page, warning for ticket */
  severity?: 'info' | 'warning' | 'critical';
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** `slos:` in the spec: an SLO on one service, its SLI as good/total events or a latency threshold. */
export interface SloSpec {
  name: string;
  service: string;
  /** percent of good events over the window: 99.9 */
  objective: number;
  /** default 30d */
  window?: SloPeriod;
  description?: string;
  sli: {
    /** counter selectors: good events and all events */
    events?: { good: string; total: string };
    /** a classic histogram's selector (base name) and a threshold in its unit that must be one of its buckets */
    latency?: { histogram: string; threshold: number };
  };
  alerts?: { page?: SloAlertSpec; ticket?: SloAlertSpec };
}
