import { describe, expect, it } from 'vitest';
import { formatMatcher, matches, parseMatcher } from '../../../src/routing/matchers.js';

describe('matchers', () => {
  it.each([
    ['severity="critical"', { name: 'severity', op: '=', value: 'critical' }],
    ['severity=critical', { name: 'severity', op: '=', value: 'critical' }],
    [' team =~ "db|infra" ', { name: 'team', op: '=~', value: 'db|infra' }],
    ['env!="prod"', { name: 'env', op: '!=', value: 'prod' }],
    ['msg!~"a\\"b"', { name: 'msg', op: '!~', value: 'a"b' }],
  ])('parses %s', (text, m) => expect(parseMatcher(text)).toEqual(m));

  it.each(['severity=="critical"', '1abc="x"', 'severity', 'a="b" c="d"'])('refuses %s', (text) =>
    expect(parseMatcher(text)).toHaveProperty('error'),
  );

  it('refuses a regular expression that does not compile', () => {
    expect(parseMatcher('a=~"(unclosed"')).toEqual({
      error: expect.stringContaining('invalid regular expression in matcher'),
    });
  });

  it('formats with double-quoted values, escaped', () => {
    expect(formatMatcher({ name: 'a', op: '=~', value: 'x"y\\z' })).toBe('a=~"x\\"y\\\\z"');
  });

  it('matches anchored regexps, and a missing label as ""', () => {
    expect(matches({ name: 'team', op: '=~', value: 'db|infra' }, { team: 'db' })).toBe(true);
    expect(matches({ name: 'team', op: '=~', value: 'db' }, { team: 'dbx' })).toBe(false);
    expect(matches({ name: 'team', op: '!=', value: 'db' }, {})).toBe(true);
    expect(matches({ name: 'team', op: '=', value: '' }, {})).toBe(true);
  });
});
