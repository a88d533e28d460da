import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAll } from '../../../src/generators/index.js';
import { files } from '../../../src/model/conventions.js';
import { normalize } from '../../../src/model/normalize.js';
import { routeTreeMermaid } from '../../../src/routing/mermaid.js';
import { receiversFor, routingMatrix } from '../../../src/routing/router.js';
import { loadSpec } from '../../../src/spec/load.js';
import { routesTest } from '../../../src/tools/amtool.js';
import { tempDir } from '../../helpers/cli.js';

/** A tree with nesting, continue, regex and negative matchers: mon's router must agree with amtool. */
const spec = `apiVersion: mon/v1
project: shop
services: [{name: api, targets: ["127.0.0.1:1"]}]
alerts:
  packs: {backend: {service: api}}
notifications:
  receivers:
    - {name: default}
    - {name: pager, webhook: {url: "http://127.0.0.1:1/p"}}
    - {name: db-team, webhook: {url: "http://127.0.0.1:1/db"}}
    - {name: audit, webhook: {url: "http://127.0.0.1:1/a"}}
    - {name: night, webhook: {url: "http://127.0.0.1:1/n"}}
  route:
    receiver: default
    routes:
      - matchers: ['team=~"db|storage"']
        receiver: db-team
        routes:
          - {matchers: ['severity="critical"'], receiver: pager, continue: true}
          - {matchers: ['severity!="info"'], receiver: audit}
      - {matchers: ['severity="critical"'], receiver: pager, continue: true}
      - {matchers: ['alertname!~"Backend.*"'], receiver: night}
      - {matchers: ['severity=~"crit.*"'], receiver: audit}
`;
const model = normalize(loadSpec(spec, 'm.yaml').spec, 'm.yaml');
let tmp: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  tmp = await tempDir();
  const am = (await generateAll(model)).find((a) => a.path === files.alertmanagerConfig)!;
  await writeFile(join(tmp.path, 'am.yml'), am.content);
});
afterAll(() => tmp.cleanup());

const cases: Array<Record<string, string>> = [
  { alertname: 'X', severity: 'critical', team: 'db' },
  { alertname: 'X', severity: 'warning', team: 'storage' },
  { alertname: 'X', severity: 'info', team: 'db' },
  { alertname: 'BackendServiceDown', severity: 'critical' },
  { alertname: 'Other', severity: 'critical' },
  { alertname: 'BackendX', severity: 'warning' },
  { alertname: 'Other', severity: 'info' },
  { alertname: 'X', team: 'dbx', severity: 'critical' },
];

describe("mon's router agrees with amtool", () => {
  it.each(cases)('%o', async (labels) => {
    expect(receiversFor(model.alertmanager.route, labels)).toEqual(await routesTest('am.yml', labels, tmp.path));
  });

  it('marks alerts that reach only the root receiver or null receivers', () => {
    const rows = routingMatrix(model);
    const warning = rows.find((r) => r.alert === 'BackendHighMemoryUsage')!;
    expect(warning).toMatchObject({ receivers: ['default'], unrouted: 'null' });
    expect(rows.find((r) => r.alert === 'BackendServiceDown')).toMatchObject({ receivers: ['pager', 'audit'] });
    expect(rows.find((r) => r.alert === 'BackendServiceDown')!.unrouted).toBeUndefined();
  });

  it('finds which alerts can inhibit which', () => {
    const m = normalize(
      loadSpec(
        `${spec.split('notifications:')[0]}notifications:\n  receivers: [{name: x, webhook: {url: "http://127.0.0.1:1/"}}]\n  inhibit:\n    - {source: ['alertname="BackendServiceDown"'], target: ['service="api"'], equal: [instance]}\n`,
        'm.yaml',
      ).spec,
      'm.yaml',
    );
    const rows = routingMatrix(m);
    expect(rows.find((r) => r.alert === 'BackendHighCPUUsage')!.inhibitedBy).toEqual(['BackendServiceDown']);
    expect(rows.find((r) => r.alert === 'BackendServiceDown')!.inhibitedBy).toEqual([]);
  });

  it('draws the tree in Mermaid', () => {
    const text = routeTreeMermaid(model.alertmanager.route);
    expect(text.split('\n').slice(0, 4)).toEqual([
      'graph TD',
      '  r0["every alert<br/>→ default"]',
      '  r1["team=~#quot;db|storage#quot;<br/>→ db-team"]',
      '  r2["severity=#quot;critical#quot;<br/>→ pager<br/>continue"]',
    ]);
  });
});
