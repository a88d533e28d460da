import { describe, expect, it } from 'vitest';
import { selectors } from '../../../src/consistency/selectors.js';
import { normalize } from '../../../src/model/normalize.js';
import { loadModel } from '../../../src/pipeline.js';
import { loadSpec } from '../../../src/spec/load.js';
import { tempDir } from '../../helpers/cli.js';
import { expressionProblems } from '../../../src/consistency/metrics.js';

describe('selectors', () => {
  it('finds metric names and job matchers in any expression', () => {
    expect(selectors('sum(rate(a_total{job="x",code=~"5.."}[5m])) / on() group_left b{__name__="c"} + d')).toEqual([
      { metric: 'a_total', job: 'x' },
      { metric: 'c' },
      { metric: 'd' },
    ]);
  });
  it("keeps a bucket's le matcher as written, for verify to ask whether that bound exists", () => {
    expect(selectors('sum(rate(h_bucket{job="api",le=~"2|2\\.0"}[5m])) / sum(rate(h_count{job="api"}[5m]))')).toEqual([
      { metric: 'h_bucket', job: 'api', le: 'le=~"2|2\\.0"' },
      { metric: 'h_count', job: 'api' },
    ]);
  });
});

describe('metrics no configured source produces', () => {
  const model = normalize(
    loadSpec(
      'apiVersion: mon/v1\nproject: shop\nservices:\n  - {name: api, runtime: go, targets: ["127.0.0.1:1"]}\n  - {name: worker, runtime: python, targets: ["127.0.0.1:2"]}\n',
      'm.yaml',
    ).spec,
    'm.yaml',
  );
  it.each([
    ['rate(python_gc_collections_total{job="api"}[5m])', ['python_gc_collections_total: job "api" is a go service']],
    ['rate(python_gc_collections_total{job="worker"}[5m])', []],
    ['go_goroutines{job="prometheus"}', []],
    ['python_info{job="node"}', ['python_info: job "node" is a Go program, not python']],
    ['jvm_threads_current', ['jvm_threads_current: no service has runtime jvm']],
    ['traces_spanmetrics_calls_total', ['traces_spanmetrics_calls_total: Tempo is not deployed']],
    ['up{job="wrker"}', ['no scrape job is named "wrker"; did you mean "worker"?']],
    ['up{job="$job"}', []],
    ['my_app_orders_total', []],
  ])('%s', (expr, problems) => expect(expressionProblems(model, expr, true)).toEqual(problems));

  it('warns at the spec location, at generate time', async () => {
    const dir = await tempDir();
    const { writeFile } = await import('node:fs/promises');
    const file = `${dir.path}/m.yaml`;
    await writeFile(
      file,
      'apiVersion: mon/v1\nproject: shop\nservices: [{name: api, runtime: go, targets: ["127.0.0.1:1"]}]\ntempo: {metricsGenerator: {spanMetrics: false}}\nalerts:\n  packs:\n    tracing: {rules: {TracedServiceHighLatencyP95: {enabled: false}}}\n',
    );
    const { loaded } = await loadModel(file);
    await dir.cleanup();
    expect(
      loaded.warnings
        .filter((w) => w.message.includes('nothing here produces'))
        .map((w) => `${w.line}:${w.col} ${w.path}: ${w.message}`),
    ).toEqual([
      "7:5 alerts.packs.tracing: TracedServiceHighErrorRate queries a metric nothing here produces (traces_spanmetrics_calls_total: Tempo's metrics-generator has span metrics off)",
    ]);
  });
});
