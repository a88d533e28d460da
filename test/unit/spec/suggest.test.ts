import { describe, expect, it } from 'vitest';
import { closest, distance } from '../../../src/spec/suggest.js';

describe('did you mean', () => {
  it('measures edit distance', () => {
    expect(distance('kitten', 'sitting')).toBe(3);
    expect(distance('servcies', 'services')).toBe(2);
    expect(distance('', 'abc')).toBe(3);
  });
  it('suggests a close key and nothing for a far one', () => {
    const keys = ['scrapeInterval', 'scrapeTimeout', 'targets', 'name'];
    expect(closest('scrapeIntervall', keys)).toBe('scrapeInterval');
    expect(closest('tragets', keys)).toBe('targets');
    expect(closest('nme', keys)).toBe('name');
    expect(closest('zzzzzz', keys)).toBeUndefined();
  });
});

describe('did you mean: ties', () => {
  it('prefers the candidate sharing the longest prefix', () => {
    expect(closest('BackendHighMemUsage', ['BackendHighCPUUsage', 'BackendHighMemoryUsage'])).toBe(
      'BackendHighMemoryUsage',
    );
  });
});
