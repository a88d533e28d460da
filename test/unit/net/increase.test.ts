import { describe, expect, it } from 'vitest';
import { counters, increaseSince } from '../../../src/net/metrics.js';

/** Deliveries since the deploy, from Alertmanager's counters and the baseline taken at deploy. */
describe('increaseSince', () => {
  const text = [
    'alertmanager_notification_requests_total{integration="webhook"} 3',
    'alertmanager_notification_requests_total{integration="email"} 10',
  ].join('\n');
  const now = counters(text, 'alertmanager_notification_requests_total');

  it('counts the growth over the baseline', () => {
    expect(increaseSince(now, { '{integration="email"}': 4 })).toBe(3 + 6);
  });

  it('takes a value below its baseline as a reset (the process restarted): counted from 0', () => {
    // a restarted Alertmanager sent 3 webhooks; the baseline of the one before was 40
    expect(increaseSince(now, { '{integration="webhook"}': 40, '{integration="email"}': 10 })).toBe(3);
  });

  it('keeps only the series asked for', () => {
    expect(increaseSince(now, undefined, (k) => k.includes('webhook'))).toBe(3);
  });
});
