import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { artifactProblems } from '../../../src/consistency/artifacts.js';
import { localPlans } from '../../../src/targets/local/plans.js';
import { generateAll } from '../../../src/generators/index.js';
import { files } from '../../../src/model/conventions.js';
import { normalize } from '../../../src/model/normalize.js';
import { loadSpec } from '../../../src/spec/load.js';

const model = (target: string) =>
  normalize(
    loadSpec(
      `apiVersion: mon/v1\nproject: shop\nservices: [{name: api, targets: ["127.0.0.1:1"]}]\ngrafana: {allowDefaultAdmin: true}\nloki: {}\ndeploy: {target: ${target}}\n`,
      'm.yaml',
    ).spec,
    'm.yaml',
  );

describe('Loki', () => {
  it('local: a single-binary config on 127.0.0.1, every path under its working directory, reporting off', async () => {
    const m = model('local');
    const out = await generateAll(m);
    const loki = parse(out.find((a) => a.path === files.lokiConfig)!.content);
    expect(loki.server).toEqual({
      http_listen_address: '127.0.0.1',
      http_listen_port: 13100,
      grpc_listen_address: '127.0.0.1',
      grpc_listen_port: 19096,
    });
    expect(loki.common).toMatchObject({
      instance_addr: '127.0.0.1',
      path_prefix: './data',
      storage: { filesystem: { chunks_directory: './data/chunks', rules_directory: './data/rules' } },
    });
    expect(loki.analytics).toEqual({ reporting_enabled: false });
    expect(artifactProblems(out, m)).toEqual([]);
    // the datasource Grafana provisions reads this Loki
    const ds = parse(out.find((a) => a.path === files.grafanaDatasources)!.content).datasources.find(
      (d: { uid: string }) => d.uid === 'loki',
    );
    expect(ds.url).toBe('http://127.0.0.1:13100');
  });

  it('compose: the image volume /loki, every interface', async () => {
    const out = await generateAll(model('compose'));
    const loki = parse(out.find((a) => a.path === files.lokiConfig)!.content);
    expect(loki.server).toMatchObject({
      http_listen_address: '0.0.0.0',
      http_listen_port: 3100,
      grpc_listen_port: 9095,
    });
    expect(loki.common.path_prefix).toBe('/loki');
    expect(loki.common.instance_addr).toBeUndefined();
  });

  it("refuses a key Loki's config structs do not have", async () => {
    const m = model('local');
    const out = (await generateAll(m)).map((a) =>
      a.path === files.lokiConfig ? { ...a, content: a.content.replace('path_prefix:', 'path_prefx:') } : a,
    );
    expect(artifactProblems(out, m).map((p) => `${p.file} ${p.path}: ${p.message}`)).toEqual([
      'loki/loki.yaml common: must NOT have additional properties "path_prefx"',
    ]);
  });

  it('is deployed locally when a loki binary is found, and says what to install when not', () => {
    const m = model('local');
    const saved = process.env.MON_LOKI;
    try {
      process.env.MON_LOKI = process.execPath; // any executable stands for the binary here: only the plan is built
      const plan = localPlans(m, '/tmp/stack').find((p) => p.name === 'loki')!;
      expect(plan.binary).toBe(process.execPath);
      expect(plan.args).toEqual(['-config.file=/tmp/stack/config/loki/loki.yaml']);
      expect(plan.cwd).toBe('/tmp/stack/data/loki');
      expect(plan.readyUrl).toBe('http://127.0.0.1:13100/ready');
      process.env.MON_LOKI = '/nonexistent/loki';
      expect(localPlans(m, '/tmp/stack').find((p) => p.name === 'loki')!.missing).toMatch(
        /^MON_LOKI=\/nonexistent\/loki is not an executable file; Loki is not packaged by Debian/,
      );
    } finally {
      if (saved === undefined) delete process.env.MON_LOKI;
      else process.env.MON_LOKI = saved;
    }
  });
});
