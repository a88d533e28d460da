import { readFile, stat } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateAll } from '../../../src/generators/index.js';
import { files } from '../../../src/model/conventions.js';
import { normalize } from '../../../src/model/normalize.js';
import { resolveSecrets, secretRefs } from '../../../src/secrets/resolve.js';
import { writeSecretFiles } from '../../../src/secrets/write.js';
import { loadSpec } from '../../../src/spec/load.js';
import { tempDir } from '../../helpers/cli.js';

const spec = `apiVersion: mon/v1
project: shop
services:
  - {name: api, targets: ["127.0.0.1:1"], auth: {basic: {username: u, password: {env: SCRAPE_PW}}}}
notifications:
  receivers:
    - {name: ding, dingtalk: {url: {env: DING_URL}, secret: {file: /run/secrets/ding}}}
    - {name: slack, slack: {apiUrl: {env: SLACK_URL}}}
`;
const model = normalize(loadSpec(spec, 'm.yaml').spec, 'm.yaml');
const SENTINEL = 'S3NT1NEL-secret-value';

let tmp: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => (tmp = await tempDir()));
afterEach(() => tmp.cleanup());

describe('secrets', () => {
  it('lists every reference once', () => {
    expect(secretRefs(model)).toEqual([
      { kind: 'env', name: 'SCRAPE_PW' },
      { kind: 'env', name: 'DING_URL' },
      { kind: 'file', path: '/run/secrets/ding' },
      { kind: 'env', name: 'SLACK_URL' },
    ]);
  });

  it('never puts a value in a generated file', async () => {
    const out = await generateAll(model);
    const prom = out.find((a) => a.path === files.prometheusConfig)!.content;
    expect(prom).toContain('password_file: ../secrets/SCRAPE_PW');
    expect(out.find((a) => a.path === files.alertmanagerConfig)!.content).toContain(
      'api_url_file: ../secrets/SLACK_URL',
    );
    expect(out.find((a) => a.path === files.dingtalkConfig)!.content).toContain('url: <secret env:DING_URL>');
  });

  it('resolves at deploy time into files of mode 0600, and names what is missing (never a value)', async () => {
    const bridge = (await generateAll(model)).find((a) => a.path === files.dingtalkConfig)!;
    const r = resolveSecrets(secretRefs(model), [{ path: 'secrets/dingtalk.yml', content: bridge.content }], {
      env: { SCRAPE_PW: SENTINEL, DING_URL: 'https://oapi.dingtalk.com/robot/send?access_token=abc' },
      readFile: (p) => (p === '/run/secrets/ding' ? 'SEC123\n' : undefined),
    });
    expect(r.missing).toEqual(['env:SLACK_URL']);
    expect(r.files.map((f) => f.path)).toEqual(['secrets/SCRAPE_PW', 'secrets/DING_URL', 'secrets/dingtalk.yml']);
    expect(r.files[2]!.content).toContain('url: "https://oapi.dingtalk.com/robot/send?access_token=abc"');
    expect(r.files[2]!.content).toContain('secret: "SEC123"');
    const [written] = await writeSecretFiles(tmp.path, r.files.slice(0, 1));
    expect(await readFile(written!, 'utf8')).toBe(SENTINEL);
    expect((await stat(written!)).mode & 0o777).toBe(0o600);
  });
});
