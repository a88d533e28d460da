import { describe, expect, it } from 'vitest';
import { checkAnnotations, diagnosticAnnotation, formatAnnotation } from '../../../src/report/github.js';

describe('GitHub annotations', () => {
  it('escapes the message (%, CR, LF) and the properties (also : and ,)', () => {
    expect(
      formatAnnotation({
        level: 'error',
        file: 'a,b:c.yaml',
        line: 3,
        col: 5,
        title: 'x: y',
        message: '50% done\nnext',
      }),
    ).toBe('::error file=a%2Cb%3Ac.yaml,line=3,col=5,title=x%3A y::50% done%0Anext'.replace('50% done', '50%25 done'));
  });

  it('puts a spec diagnostic at its file, line and column, with its path and hint', () => {
    const a = diagnosticAnnotation({
      severity: 'error',
      file: 'monitoring.yaml',
      line: 6,
      col: 5,
      path: 'services[0].scrapeIntervall',
      message: 'unknown key "scrapeIntervall"; did you mean "scrapeInterval"?',
      hint: 'fix it',
    });
    expect(formatAnnotation(a)).toBe(
      '::error file=monitoring.yaml,line=6,col=5::services[0].scrapeIntervall: unknown key "scrapeIntervall"; did you mean "scrapeInterval"?%0Ahint: fix it',
    );
  });

  it('names a failed check that has no located diagnostic', () => {
    const list = checkAnnotations(
      [
        { id: 'amtool-config', name: 'amtool check-config', status: 'fail', durationMs: 1, details: 'bad receiver' },
        { id: 'spec', name: 'spec', status: 'pass', durationMs: 1 },
      ],
      'monitoring.yaml',
    );
    expect(list.map(formatAnnotation)).toEqual([
      '::error file=monitoring.yaml,title=mon validate%3A amtool-config::bad receiver',
    ]);
  });
});
