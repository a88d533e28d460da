import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fastYaml } from '../../../src/artifacts/fast-yaml.js';
import { generateAll } from '../../../src/generators/index.js';
import { normalize } from '../../../src/model/normalize.js';
import { loadSpec } from '../../../src/spec/load.js';
import { ROOT } from '../../helpers/cli.js';

/** toYaml's fast path writes exactly what the yaml package writes, on every YAML file mon generates here. */
const OPTIONS = {
  version: '1.1',
  lineWidth: 0,
  indent: 2,
  indentSeq: true,
  aliasDuplicateObjects: false,
  singleQuote: false,
} as const;

const specs = [
  join(ROOT, 'examples/mystocks/monitoring.yaml'),
  join(ROOT, 'test/fixtures/specs/rule-groups/monitoring.yaml'),
  ...readdirSync(join(ROOT, 'test/golden'))
    .map((d) => join(ROOT, 'test/golden', d, 'monitoring.yaml'))
    .filter((f) => existsSync(f)),
];

describe('fastYaml', () => {
  it.each(specs)('matches the yaml package on every generated file of %s', async (file) => {
    const loaded = loadSpec(readFileSync(file, 'utf8'), file);
    const artifacts = await generateAll(normalize(loaded.spec, file));
    let fast = 0;
    for (const a of artifacts.filter((x) => /\.ya?ml$/.test(x.path))) {
      // a Kubernetes manifest file is several documents, each serialised on its own
      for (const doc of parseAllDocuments(a.content, { version: '1.1' })) {
        const value: unknown = doc.toJS();
        const mine = fastYaml(value);
        if (mine === undefined) continue;
        fast++;
        expect(mine, a.path).toBe(stringify(value, OPTIONS));
      }
    }
    expect(fast).toBeGreaterThan(0);
  });

  it('quotes what YAML 1.1 would read as another type, and gives up on multi-line text it is not sure of', () => {
    const value = {
      a: [
        'yes',
        'on',
        'n',
        '09:00',
        '1.0',
        '0x10',
        '',
        ' x',
        'a: b',
        'x #y',
        '-1',
        'null',
        '~',
        "it's",
        'plain-text_1.x/y',
      ],
      n: { '1': 2, on: false, z: null, e: [], o: {} },
      list: [{ name: 'x', rules: [{ expr: 'up == 0', for: '5m' }] }, 3.5, true],
    };
    expect(fastYaml(value)).toBe(stringify(value, OPTIONS));
    expect(fastYaml({ a: ' two\nlines' })).toBeUndefined(); // an indentation indicator
    expect(fastYaml({ a: 'two\nlines\n\n' })).toBeUndefined(); // |+
    expect(fastYaml({ a: ['two\nlines'] })).toBeUndefined(); // a block in a sequence
    expect(fastYaml({ a: [[1]] })).toBeUndefined();
  });

  it('writes one-line text as the yaml package does, as a key and as a value (random and real-world strings)', () => {
    // a small deterministic generator: letters, digits and every character YAML gives a meaning
    let seed = 15;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const alphabet = 'aZ_0 9.-:#"\'{}[],&*!|>%@`?=~/\\\tyesonNul$(){}^+<;é';
    const strings = [
      'sum(rate(http_requests_total{job="svc-1",status=~"5.."}[5m])) / sum(rate(x[5m])) > 0.05',
      'svc-1 error rate above 5%',
      '{{ $labels.instance }} is down',
      'Thanos Compact {{$labels.job}} has failed: see https://x/y#z',
      'a:b',
      'a :b',
      'a# b',
      'up == 0 # not a comment?',
      `k${'x'.repeat(1100)}`,
    ];
    for (let n = 0; n < 4000; n++) {
      let str = '';
      const len = 1 + (next() % 12);
      for (let i = 0; i < len; i++) str += alphabet[next() % alphabet.length];
      strings.push(str, `a${str}`, `_${str}`);
    }
    for (const str of strings) {
      const asValue = { k: str };
      const asKey = { [str]: 1 };
      const v = fastYaml(asValue);
      if (v !== undefined) expect(v, JSON.stringify(str)).toBe(stringify(asValue, OPTIONS));
      const k = fastYaml(asKey);
      if (k !== undefined) expect(k, JSON.stringify(str)).toBe(stringify(asKey, OPTIONS));
    }
  });

  it('writes multi-line text as the yaml package does (literal blocks), nested in maps and sequences', () => {
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const alphabet = 'ab {}"#:-|>\n\n\n  .%';
    const texts = [
      '(\n  sum by (job) (rate(x[5m]))\n/\n  sum by (job) (rate(y[5m]))\n) > 0.05\n',
      'one\ntwo',
      'one\n\n\ntwo\n',
      'para\n  indented\nback',
      '--- marker\n... end',
      'x\n%y',
    ];
    for (let n = 0; n < 3000; n++) {
      let str = '';
      const len = 2 + (next() % 16);
      for (let i = 0; i < len; i++) str += alphabet[next() % alphabet.length];
      texts.push(str, `a\n${str}`, `${str}\n`);
    }
    let fast = 0;
    for (const text of texts) {
      for (const value of [{ k: text }, { a: { b: text, c: 1 } }, { s: [{ expr: text, for: '5m' }, 'x'] }]) {
        const mine = fastYaml(value);
        if (mine === undefined) continue;
        fast++;
        expect(mine, JSON.stringify(text)).toBe(stringify(value, OPTIONS));
      }
    }
    expect(fast).toBeGreaterThan(3000);
  });
});
