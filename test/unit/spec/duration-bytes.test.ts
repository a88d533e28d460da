import { describe, expect, it } from 'vitest';
import { formatBytes, parseBytes } from '../../../src/spec/bytes.js';
import { formatDuration, parseDuration } from '../../../src/spec/duration.js';

describe('durations', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['15d', 15 * 86_400_000],
    ['2w', 14 * 86_400_000],
    ['1y', 365 * 86_400_000],
    ['500ms', 500],
    ['1m30s500ms', 90_500],
    ['0s', 0],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '5', '5 minutes', '1.5h', '30m1h', '-5m', '5M'])('%j is not a duration', (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );

  it('formats back in Prometheus spelling', () => {
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(15 * 86_400_000)).toBe('15d');
  });
});

describe('sizes', () => {
  it.each([
    ['1GiB', 1073741824],
    ['2GiB', 2147483648],
    ['512MiB', 536870912],
    ['1GB', 1e9],
    ['1.5KiB', 1536],
    ['100', 100],
    [2048, 2048],
  ] as const)('%s is %d bytes', (text, n) => expect(parseBytes(text)).toBe(n));

  it.each(['1 gigabyte', 'GiB', '-1GiB', '1gib'])('%j is not a size', (text) =>
    expect(parseBytes(text)).toBeUndefined(),
  );

  it('formats exact binary multiples', () => {
    expect(formatBytes(3221225472)).toBe('3GiB');
    expect(formatBytes(1536)).toBe('1536B');
  });
});
