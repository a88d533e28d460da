import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import { SpecDocument } from '../../../src/spec/document.js';
import { fastRead, fastToJS, resolvePlain } from '../../../src/spec/fast-read.js';
import { fastRulesAsPrometheusText, rulesAsPrometheusText } from '../../../src/spec/prometheus-text.js';
import { loadSpec } from '../../../src/spec/load.js';

const root = join(import.meta.dirname, '../../..');

/** every YAML file under the examples and the test fixtures */
function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' || name === 'generated' ? [] : yamlFiles(p);
    return /\.ya?ml$/.test(name) ? [p] : [];
  });
}

const script = (name: string, ...args: string[]) =>
  execFileSync(process.execPath, [join(root, 'scripts', name), ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
const synth = (...args: string[]) => script('synth-spec.mjs', ...args);
/** the rule corpus of scripts/fetch-rule-corpus.sh as a spec (fails loudly when the corpus is missing) */
const ruleCorpusSpec = (copies: number) => script('corpus-spec.mjs', String(copies));

/** the yaml package's reading, as loadSpec does it */
function slow(source: string) {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: true });
  return { doc, lines, bad: doc.errors.length + doc.warnings.length > 0 };
}

type Path = (string | number)[];
/** every path of a value, its children and one that does not exist under each collection */
function pathsOf(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (Array.isArray(value)) {
    value.forEach((v, i) => pathsOf(v, [...path, i], out));
    out.push([...path, value.length]);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...path, k], out);
    out.push([...path, 'noSuchKey']);
  }
  return out;
}

/** The fast reader against the yaml package: the same value, the same position for every path. */
function same(source: string): 'fast' | 'fallback' {
  const s = slow(source);
  const fast = fastRead(source);
  if (s.bad || s.doc.contents === null) {
    expect(fast).toBeNull(); // whatever the yaml package complains about is its to word
    return 'fallback';
  }
  if (!fast) return 'fallback';
  rulesAsPrometheusText(s.doc);
  fastRulesAsPrometheusText(fast);
  const value = s.doc.toJS({ maxAliasCount: -1 });
  expect(fastToJS(fast)).toStrictEqual(value);
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let at = source.indexOf('\n'); at >= 0; at = source.indexOf('\n', at + 1)) lines.addNewLine(at + 1);
  const a = new SpecDocument(s.doc, s.lines, source);
  const b = new SpecDocument(undefined, lines, source, fast);
  for (const path of pathsOf(value)) {
    expect([path, b.position(path)]).toEqual([path, a.position(path)]);
    expect([path, b.position(path, { key: true })]).toEqual([path, a.position(path, { key: true })]);
    expect([path, b.positionInScalar(path, 2)]).toEqual([path, a.positionInScalar(path, 2)]);
  }
  for (const offset of [0, source.length >> 1, source.length - 1, source.length])
    expect(b.at(offset)).toEqual(a.at(offset));
  return 'fast';
}

describe('the fast spec reader (src/spec/fast-read.ts)', () => {
  it('reads every spec and YAML fixture of the repository as the yaml package does, or leaves it to it', () => {
    const files = [...yamlFiles(join(root, 'examples')), ...yamlFiles(join(root, 'test'))];
    const taken = files.map((f) => [f, same(readFileSync(f, 'utf8'))] as const);
    expect(files.length).toBeGreaterThan(100);
    const fast = taken.filter(([, how]) => how === 'fast').map(([f]) => f.slice(root.length + 1));
    // the example, and most fixtures, take the fast path
    expect(fast).toContain('examples/mystocks/monitoring.yaml');
    expect(fast.length).toBeGreaterThan(files.length / 2);
  });

  it('reads the benchmark specs and the real-world rule corpus (anchors, aliases, block scalars) the same way', () => {
    expect(same(synth('300'))).toBe('fast');
    expect(same(synth('60', '--tests'))).toBe('fast');
    expect(same(ruleCorpusSpec(2))).toBe('fast');
  });

  it('resolves plain scalars as the core schema does', () => {
    const words = ['~', 'null', 'Null', 'NULL', '', 'true', 'True', 'FALSE', 'yes', 'no', 'on', 'y', 'nULL', 'tRue'];
    const numbers = ['0', '-1', '+7', '010', '0o17', '0x1F', '0x', '1.5', '.5', '1.', '-.inf', '.NaN', '1e3', '1.0e-2'];
    const other = ['1.2.3', '5m', '0.0.0.0:9090', '1_000', '12:30', 'http://x', '/metrics', '0b101', '+.inf'];
    for (const text of [...words, ...numbers, ...other]) {
      const expected = parseDocument(`v: ${text}\n`).toJS().v;
      expect([text, resolvePlain(text)]).toStrictEqual([text, expected]);
    }
  });

  it.each([
    [
      'anchors on scalars and flow collections',
      'a: &x 1\nb: *x\nc: &y [1, {d: e}]\nf: *y\nalerts:\n  labels:\n    n: *x',
    ],
    ['comments between a key and its block', '# top\na:\n  # inside\n\n  b: 1 # after\n  c:\n    # deeper\n    - d\n'],
    ["a sequence at its key's indentation", 'a:\n- b\n- c: 1\n  d: 2\ne: f'],
    ['empty values', 'a:\nb:\n  c:\n  d: ~\ne: null'],
    ['literal block scalars', 'a: |\n  x\n\n    y\n\nb: |-\n  z\n   w\nc:\n  - |\n    v\n  - u'],
    ['quoted scalars', `a: "x\\"y\\\\z\\n"\nb: 'it''s'\nc: ["1", '2', 3]\nd: "#no comment"`],
    ['numbers, words and odd plain text', 'a: [0x1F, 0o7, 1e3, .5, -.inf, true, False, ~, yes, 5m, a:b, a#b]'],
    ['nested sequences of maps', 'a:\n  - b: 1\n    c:\n      - d: [x]\n        e: {f: [g, {h: i}]}\n  - j: 2'],
    [
      'rules as Prometheus reads them',
      'alerts:\n  rules:\n    - alert: A\n      for: 0\n      labels: {severity: 1, page: true, x: 1.0, y: 0x10, z: ~}',
    ],
  ])('reads %s as the yaml package does', (_what, text) => {
    expect(same(`${text}\n`)).toBe('fast');
  });

  it.each([
    ['a tag', 'project: !secret x'],
    ['a merge key', 'a: &x {b: 1}\nc:\n  <<: *x'],
    ['a folded scalar', 'd: >\n  text'],
    ['a multi-line plain scalar', 'd: one\n  two'],
    ['a multi-line flow sequence', 'd: [a,\n  b]'],
    ['a duplicate key', 'a: 1\na: 2'],
    ['a tab', 'a:\n\tb: 1'],
    ['a document marker', '---\na: 1'],
    ['a quoted key', '"a": 1'],
    ['a numeric key', '1: a'],
    ['an unknown alias', 'a: *nope'],
    ['bad indentation', 'a:\n  b: 1\n   c: 2'],
    ['an escape it does not know', 'a: "\\u00e9"'],
  ])('leaves %s to the yaml package', (_what, text) => {
    expect(fastRead(`${text}\n`)).toBeNull();
  });

  it('gives the same diagnostics through either reader', () => {
    const spec = [
      'apiVersion: mon/v1',
      'project: shop',
      'services:',
      '  - name: api',
      '    targets: ["127.0.0.1:8080"]',
      'alerts:',
      '  rules:',
      '    - alert: X',
      '      expr: "rate(x) > 1"',
      '    - alert: Y',
      '      expr: |',
      '        up ==',
      '      labels: {severity: 1}',
      '',
    ].join('\n');
    const errors = (env: string | undefined) => {
      const before = process.env.MON_YAML_FAST;
      if (env === undefined) delete process.env.MON_YAML_FAST;
      else process.env.MON_YAML_FAST = env;
      try {
        loadSpec(spec, 'm.yaml');
        return [];
      } catch (e) {
        return (e as { diagnostics: unknown[] }).diagnostics;
      } finally {
        if (before === undefined) delete process.env.MON_YAML_FAST;
        else process.env.MON_YAML_FAST = before;
      }
    };
    expect(fastRead(spec)).not.toBeNull();
    const fast = errors(undefined);
    expect(fast.length).toBeGreaterThan(1);
    expect(fast).toEqual(errors('0'));
  });
});
