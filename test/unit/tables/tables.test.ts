import { describe, expect, it } from 'vitest';
import { COMPONENT_NAMES, component, componentSecrets } from '../../../src/components/index.js';
import { normalize } from '../../../src/model/normalize.js';
import { RECEIVER_KINDS } from '../../../src/receivers/index.js';
import { schema } from '../../../src/spec/schema.js';
import { loadSpec } from '../../../src/spec/load.js';
import { TARGET_NAMES, TARGETS } from '../../../src/targets/index.js';

const spec = `apiVersion: mon/v1
project: t
services: [{name: api, targets: ["127.0.0.1:1"], auth: {bearer: {env: TOKEN}}}]
grafana: {adminPassword: {env: GF_PW}}
tempo: {storage: {s3: {bucket: b, endpoint: "s3:9000", accessKey: {env: AK}, secretKey: {env: SK}}}}
notifications:
  receivers:
    - {name: ding, dingtalk: {url: {env: DING_URL}}}
    - {name: slack, slack: {apiUrl: {file: /run/secrets/slack}}}
`;

describe('the tables', () => {
  it("the schema's receiver kinds are the receiver table's", () => {
    const receiver = (schema as unknown as { definitions: { receiver: { properties: Record<string, unknown> } } })
      .definitions.receiver;
    expect(
      Object.keys(receiver.properties)
        .filter((k) => k !== 'name')
        .sort(),
    ).toEqual([...RECEIVER_KINDS].sort());
  });

  it('every target of the command line has an entry in the registry, and the other way round', () => {
    expect(Object.keys(TARGETS).sort()).toEqual([...TARGET_NAMES].sort());
    const deploy = (schema as unknown as { properties: { deploy: { properties: { target: { enum: string[] } } } } })
      .properties.deploy.properties.target;
    for (const name of TARGET_NAMES) expect(deploy.enum).toContain(name);
  });

  it('each component reads only its own secrets', () => {
    const m = normalize(loadSpec(spec, 'm.yaml').spec, 'm.yaml');
    const names = (list: Array<{ kind: string; name?: string; path?: string }>) => list.map((s) => s.name ?? s.path);
    const by = componentSecrets(m);
    expect(names(by.prometheus)).toEqual(['TOKEN']);
    expect(names(by.alertmanager)).toEqual(['/run/secrets/slack']);
    expect(names(by.dingtalk)).toEqual(['DING_URL']);
    expect(names(by.grafana)).toEqual(['GF_PW']);
    expect(names(by.tempo)).toEqual(['AK', 'SK']);
    expect(names(by.node_exporter)).toEqual([]);
  });

  it('each exporter reads only its own datastore password, under the variable it reads it from', () => {
    const m = normalize(
      loadSpec(
        `apiVersion: mon/v1
project: t
datastores:
  redis: {address: "127.0.0.1:6379", password: {env: REDIS_PW}}
  mysql: {address: "127.0.0.1:3306", user: exporter, password: {env: MYSQL_PW}}
  postgres: {address: "127.0.0.1:5432", user: pg, password: {file: /run/pg}}
services: [{name: api, targets: ["127.0.0.1:1"], probes: [{name: health, http: "http://127.0.0.1:1/health"}]}]
`,
        'm.yaml',
      ).spec,
      'm.yaml',
    );
    const by = componentSecrets(m);
    expect(by.redis_exporter).toEqual([{ kind: 'env', name: 'REDIS_PW' }]);
    expect(by.mysqld_exporter).toEqual([{ kind: 'env', name: 'MYSQL_PW' }]);
    expect(by.postgres_exporter).toEqual([{ kind: 'file', path: '/run/pg' }]);
    expect(by.prometheus).toEqual([]);
    expect(by.blackbox_exporter).toEqual([]);
    expect(component('mysqld_exporter').secretEnv!(m)).toEqual([
      {
        variable: 'DATA_SOURCE_NAME',
        secret: { kind: 'env', name: 'MYSQL_PW' },
        before: 'exporter:',
        after: '@(127.0.0.1:3306)/',
      },
    ]);
    expect(component('postgres_exporter').secretEnv!(m)[0]).toMatchObject({
      variable: 'DATA_SOURCE_PASS',
      fileVariable: 'DATA_SOURCE_PASS_FILE',
    });
    // no password on any command line
    for (const n of ['redis_exporter', 'mysqld_exporter', 'postgres_exporter'] as const)
      expect(
        component(n)
          .flags(m, { config: (p) => p, data: '/d', listen: (pl) => `127.0.0.1:${pl.port}` })
          .join(' '),
      ).not.toMatch(/PW|\/run\/pg/);
  });

  it('every component has distinct local ports and a ready path', () => {
    // Tempo and Jaeger are the two tracing backends, never on together: both receive OTLP where applications send it
    const ports = COMPONENT_NAMES.flatMap((n) =>
      Object.entries(component(n).ports)
        .filter(([k]) => n !== 'jaeger' || !k.startsWith('otlp'))
        .map(([, p]) => p.local),
    );
    expect(new Set(ports).size).toBe(ports.length);
    for (const n of COMPONENT_NAMES) expect(component(n).readyPath).toMatch(/^\//);
  });
});
