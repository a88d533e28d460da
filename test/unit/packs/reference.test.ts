import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packs } from '../../../src/packs/index.js';
import { packReference, packsMarkdown } from '../../../src/packs/reference.js';
import { mon, ROOT } from '../../helpers/cli.js';

describe('the pack reference (docs/packs.md, mon packs --json)', () => {
  it('the committed docs/packs.md is what the pack table generates (regenerate: node bin/mon.js packs --markdown > docs/packs.md)', () => {
    expect(readFileSync(join(ROOT, 'docs', 'packs.md'), 'utf8')).toBe(packsMarkdown());
  });

  it('lists every rule of every pack, each with its expression and the metrics it queries', () => {
    const ref = packReference();
    expect(ref.map((p) => p.name)).toEqual(packs.map((p) => p.name));
    for (const p of ref) {
      const pack = packs.find((x) => x.name === p.name)!;
      expect(p.rules.map((r) => r.alert)).toEqual(pack.rules.map((r) => r.alert));
      for (const r of p.rules) {
        expect(r.metrics.length, `${r.alert} metrics`).toBeGreaterThan(0);
        for (const m of r.metrics) expect(r.expr).toContain(m);
      }
    }
    const redis = ref.find((p) => p.name === 'redis')!;
    expect(redis.implied).toBe('datastores.redis');
    expect(redis.rules.find((r) => r.alert === 'RedisTooManyConnections')).toMatchObject({
      threshold: { param: 'connectionsPercent', default: 80, unit: 'percent' },
      metrics: ['redis_config_maxclients', 'redis_connected_clients'],
      labels: ['instance', 'job'],
    });
    // the business pack's metric names, which a new user could not find anywhere
    expect(ref.find((p) => p.name === 'business')!.rules.flatMap((r) => r.metrics)).toContain('http_requests_total');
  });

  it('mon packs --json prints the same reference', async () => {
    const r = await mon(['packs', '--json']);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, command: 'packs', packs: packReference() });
  });
});
