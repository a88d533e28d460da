import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mon, tempDir } from '../helpers/cli.js';

/** Presets only where they apply: per service, from what it exposes (spec `exposes:`, else its runtime). */
let tmp: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => (tmp = await tempDir('mon-presets-')));
afterAll(() => tmp.cleanup());

const HEAD = 'apiVersion: mon/v1\nproject: shop\ngrafana: {allowDefaultAdmin: true}\n';
const EXPORTERS = '  - {name: redis, targets: ["127.0.0.1:9121"]}\n  - {name: mysql, targets: ["127.0.0.1:9104"]}\n';

async function generate(name: string, yaml: string) {
  const spec = join(tmp.path, `${name}.yaml`);
  const out = join(tmp.path, name);
  await writeFile(spec, yaml);
  const r = await mon(['generate', '-f', spec, '-o', out, '--json']);
  const board = async (uid: string) =>
    JSON.parse(await readFile(join(out, 'grafana/dashboards', `${uid}.json`), 'utf8'));
  return {
    spec,
    r,
    warnings:
      r.exitCode === 0
        ? (JSON.parse(r.stdout).warnings as Array<{ line: number; col: number; path: string; message: string }>)
        : [],
    board,
    files: r.exitCode === 0 ? (JSON.parse(r.stdout).files as Array<{ path: string }>).map((f) => f.path) : [],
  };
}

describe('dashboard presets per service', () => {
  it('draws HTTP and process panels only for the application, not for exporter jobs', async () => {
    const g = await generate(
      'mixed',
      `${HEAD}services:\n  - {name: api, runtime: python, targets: ["127.0.0.1:8000"]}\n${EXPORTERS}`,
    );
    expect(g.r.exitCode, g.r.stderr).toBe(0);
    expect(g.warnings).toEqual([]);
    const api = await g.board('api-overview');
    expect(api.panels.map((p: { title: string }) => p.title)).toEqual([
      'Request rate',
      'Latency p50 / p95',
      'Error rate 4xx / 5xx',
      'In-flight requests',
    ]);
    expect(JSON.stringify(api)).not.toMatch(/redis|mysql/);
    const backend = await g.board('backend-monitoring');
    expect(backend.templating.list[0]).toMatchObject({ name: 'job', query: 'api' });
  });

  it('warns, located, for a listed preset that would be empty, and does not generate it', async () => {
    const g = await generate(
      'exporters',
      `${HEAD}services:\n${EXPORTERS}dashboards:\n  presets: [alerts, api-overview, backend-monitoring]\n`,
    );
    expect(g.r.exitCode, g.r.stderr).toBe(0);
    expect(g.warnings.map((w) => `${w.line}:${w.col} ${w.path}: ${w.message}`)).toEqual([
      '8:21 dashboards.presets[1]: the api-overview dashboard would be empty and is not generated: no service exposes HTTP metrics (services[].exposes: [http], or a runtime other than `other`)',
      '8:35 dashboards.presets[2]: the backend-monitoring dashboard would be empty and is not generated: no service exposes process metrics (services[].exposes: [process], or a runtime other than `other`)',
    ]);
    expect(g.files.filter((f) => f.startsWith('grafana/dashboards/'))).toEqual(['grafana/dashboards/alerts.json']);
    const table = await mon(['generate', '-f', g.spec, '-o', join(tmp.path, 'exporters-table')]);
    expect(table.stderr).toContain(
      `${g.spec}:8:21 dashboards.presets[1]: warning: the api-overview dashboard would be empty and is not generated`,
    );
  });

  it('warns at grafana: when the default presets would be empty', async () => {
    const g = await generate('implicit', `${HEAD}exporters: {node: {enabled: false}}\nservices:\n${EXPORTERS}`);
    expect(g.warnings.map((w) => `${w.line}:${w.col} ${w.path}: ${w.message.split(':')[0]}`)).toEqual([
      '3:1 grafana: the backend-monitoring dashboard would be empty and is not generated',
      '3:1 grafana: the api-overview dashboard would be empty and is not generated',
    ]);
  });

  it('follows what the spec declares: exposes: [http] on a runtime-other service', async () => {
    const g = await generate(
      'declared',
      `${HEAD}services:\n  - {name: gateway, targets: ["127.0.0.1:8080"], exposes: [http]}\n  - {name: redis, targets: ["127.0.0.1:9121"]}\ndashboards:\n  presets: [api-overview]\n`,
    );
    expect(g.warnings).toEqual([]);
    expect(JSON.stringify((await g.board('api-overview')).panels)).toContain('http_requests_total{job=\\"gateway\\"}');
  });

  it('refuses a custom variable with neither query nor values, located', async () => {
    const g = await generate(
      'badvar',
      `${HEAD}services:\n  - {name: api, targets: ["127.0.0.1:1"]}\ndashboards:\n  custom:\n    - {uid: q, title: Q, variables: [{name: queue}], rows: [{panels: [{title: D, expr: 'up{queue="$queue"}'}]}]}\n`,
    );
    expect(g.r.exitCode).toBe(1);
    const table = await mon(['generate', '-f', g.spec, '-o', join(tmp.path, 'badvar-table')]);
    expect(table.exitCode).toBe(1);
    expect(table.stderr).toBe(
      `${g.spec}:8:38 dashboards.custom[0].variables[0]: a variable needs exactly one of \`query:\` (label_values) or \`values:\`\nerror: 1 error in ${g.spec}; nothing was written`,
    );
  });
});
