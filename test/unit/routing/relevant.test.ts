import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAll } from '../../../src/generators/index.js';
import { files } from '../../../src/model/conventions.js';
import { normalize } from '../../../src/model/normalize.js';
import { routingLabelNames, routingProjection } from '../../../src/routing/relevant.js';
import { receiversFor, routingMatrix } from '../../../src/routing/router.js';
import { loadSpec } from '../../../src/spec/load.js';
import { routesTest } from '../../../src/tools/amtool.js';
import { tempDir } from '../../helpers/cli.js';

/**
 * `mon validate` asks amtool once per distinct set of the labels the routing tree reads: the
 * projection must route exactly as the whole label set does, in amtool (Debian's 0.25 on PATH) as
 * in mon's router.
 */
const spec = `apiVersion: mon/v1
project: shop
services: [{name: api, targets: ["127.0.0.1:1"]}]
alerts:
  packs: {backend: {service: api}}
  rules:
    - {alert: A, expr: up == 0, labels: {team: db, tier: "1"}, severity: critical}
    - {alert: A, expr: up == 0, labels: {team: db, tier: "2"}, severity: critical}
    - {alert: C, expr: up == 0, labels: {team: web}, severity: info}
notifications:
  receivers:
    - {name: default}
    - {name: pager, webhook: {url: "http://127.0.0.1:1/p"}}
    - {name: db-team, webhook: {url: "http://127.0.0.1:1/db"}}
    - {name: quiet, webhook: {url: "http://127.0.0.1:1/q"}}
  route:
    receiver: default
    routes:
      - matchers: ['team=~"db|storage"']
        receiver: db-team
        routes:
          - {matchers: ['severity="critical"'], receiver: pager, continue: true}
      - {matchers: ['severity!="info"', 'missing=""'], receiver: pager}
      - {matchers: ['alertname!~"Backend.*"'], receiver: quiet}
`;
const model = normalize(loadSpec(spec, 'm.yaml').spec, 'm.yaml');
let tmp: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  tmp = await tempDir();
  const am = (await generateAll(model)).find((a) => a.path === files.alertmanagerConfig)!;
  await writeFile(join(tmp.path, 'am.yml'), am.content);
});
afterAll(() => tmp.cleanup());

describe('routing on the labels the tree reads', () => {
  it('names the labels of every matcher, nested ones too', () => {
    expect([...routingLabelNames(model.alertmanager.route)].sort()).toEqual([
      'alertname',
      'missing',
      'severity',
      'team',
    ]);
  });

  it('routes each alert by its projection as by all its labels, in amtool and in mon', async () => {
    const names = routingLabelNames(model.alertmanager.route);
    const rows = routingMatrix(model);
    const sets = new Set(rows.map((r) => JSON.stringify(routingProjection(r.labels, names))));
    // the two rules named A differ only in tier, which no matcher reads
    expect(sets.size).toBe(rows.length - 1);
    for (const row of rows) {
      const projected = routingProjection(row.labels, names);
      expect(projected).not.toHaveProperty('tier');
      expect(receiversFor(model.alertmanager.route, projected)).toEqual(row.receivers);
      expect(await routesTest('am.yml', projected, tmp.path)).toEqual(await routesTest('am.yml', row.labels, tmp.path));
    }
  });
});
