import { describe, expect, it } from 'vitest';
import { canonicalPromql } from '../../src/verify/drift/promql-canonical.js';

/** The drift check's PromQL comparison: what Prometheus prints back equals what mon wrote. */
describe('canonicalPromql', () => {
  it('group_left with no labels equals group_left () as Prometheus prints it (the SLO burn-rate recordings)', () => {
    const written = 'a{slo_id="x"}\n/ on(slo_id, slo_name) group_left\nb{slo_id="x"}';
    const live = 'a{slo_id="x"} / on (slo_id, slo_name) group_left () b{slo_id="x"}';
    expect(canonicalPromql(live)).toBe(canonicalPromql(written));
    expect(canonicalPromql('a * on(x) group_right () b')).toBe(canonicalPromql('a * on(x) group_right b'));
  });
  it('still tells a label list after group_left, on() and by() apart', () => {
    expect(canonicalPromql('a / on(x) group_left(y) b')).not.toBe(canonicalPromql('a / on(x) group_left b'));
    expect(canonicalPromql('a / on() b')).not.toBe(canonicalPromql('a / b'));
    expect(canonicalPromql('sum without () (a)')).not.toBe(canonicalPromql('sum(a)'));
  });
});
