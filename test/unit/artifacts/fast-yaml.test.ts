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

  it('quotes what YAML 1.1 would read as another type, and gives up on multi-line text', () => {
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
    expect(fastYaml({ a: 'two\nlines' })).toBeUndefined();
    expect(fastYaml({ a: [[1]] })).toBeUndefined();
  });
});
