import { describe, expect, it } from 'vitest';
import { junitXml } from '../../../src/report/junit.js';

describe('JUnit XML', () => {
  it('has a testcase per check, with failures and skips, escaped', () => {
    const xml = junitXml([
      {
        name: 'mon validate',
        checks: [
          { id: 'spec', name: 'spec', status: 'pass', durationMs: 12 },
          {
            id: 'promtool-rules',
            name: 'promtool <rules>',
            status: 'fail',
            durationMs: 40,
            details: 'promtool failed:\nexpected "range vector" & more',
          },
          { id: 'promtool-config', name: 'config', status: 'skip', durationMs: 0, details: 'promtool is missing' },
        ],
      },
    ]);
    expect(xml).toContain('<testsuites name="mon" tests="3" failures="1" skipped="1" time="0.052">');
    expect(xml).toContain('<testcase classname="mon validate" name="spec: spec" time="0.012"/>');
    expect(xml).toContain('name="promtool-rules: promtool &lt;rules&gt;"');
    expect(xml).toContain(
      '<failure message="promtool failed:">promtool failed:\nexpected &quot;range vector&quot; &amp; more</failure>',
    );
    expect(xml).toContain('<skipped message="promtool is missing"/>');
  });
});
