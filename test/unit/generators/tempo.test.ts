import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { artifactProblems } from '../../../src/consistency/artifacts.js';
import { TEMPO_PROCESSORS, tempoSchema } from '../../../src/consistency/tempo-schema.js';
import { generateAll } from '../../../src/generators/index.js';
import { files } from '../../../src/model/conventions.js';
import { normalize } from '../../../src/model/normalize.js';
import { DiagnosticsError } from '../../../src/spec/diagnostics.js';
import { goDuration, parseDuration } from '../../../src/spec/duration.js';
import { loadSpec } from '../../../src/spec/load.js';

/** The generated Tempo config (and the consistency problems of the whole tree) for a tempo: section. */
async function tempo(section: string, target = 'local') {
  const spec = `apiVersion: mon/v1\nproject: shop\nservices: [{name: api, targets: ["127.0.0.1:1"]}]\ntempo: ${section}\ndeploy: {target: ${target}}\n`;
  const model = normalize(loadSpec(spec, 'm.yaml').spec, 'm.yaml');
  const out = await generateAll(model);
  return {
    config: parse(out.find((a) => a.path === files.tempoConfig)!.content),
    problems: artifactProblems(out, model).map((p) => `${p.path}: ${p.message}`),
  };
}

/** Every `path`-like value of a config, by key path: none may be left to Tempo's /var/tempo default. */
function paths(node: unknown, at = ''): Record<string, string> {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return {};
  return Object.assign(
    {},
    ...Object.entries(node).map(([k, v]) =>
      typeof v === 'string' && /(^|_)(path|dir)$/.test(k) ? { [`${at}${k}`]: v } : paths(v, `${at}${k}.`),
    ),
  );
}

describe('Tempo 2.x', () => {
  it('on the local target: every ring member, OTLP and memberlist on 127.0.0.1, usage reporting off', async () => {
    const { config, problems } = await tempo('{}');
    expect(problems).toEqual([]);
    expect(config.ingester.lifecycler).toEqual({ address: '127.0.0.1' });
    for (const block of ['distributor', 'compactor', 'metrics_generator'])
      expect(config[block].ring, block).toEqual({ instance_addr: '127.0.0.1' });
    expect(config.distributor.receivers.otlp.protocols).toEqual({
      grpc: { endpoint: '127.0.0.1:14317' },
      http: { endpoint: '127.0.0.1:14318' },
    });
    expect(config.memberlist).toEqual({ bind_addr: ['127.0.0.1'], advertise_addr: '127.0.0.1' });
    expect(config.usage_report).toEqual({ reporting_enabled: false });
    expect(config.compactor.compaction).toEqual({ block_retention: '336h' });
    expect(config.live_store).toBeUndefined();
  });

  it('in a container: bound to every interface, rings advertise the container address', async () => {
    const { config, problems } = await tempo('{}', 'compose');
    expect(problems).toEqual([]);
    expect(config.distributor.receivers.otlp.protocols).toEqual({
      grpc: { endpoint: '0.0.0.0:4317' },
      http: { endpoint: '0.0.0.0:4318' },
    });
    expect(config.ingester.lifecycler).toBeUndefined();
    expect(config.distributor.ring).toBeUndefined();
    expect(config.memberlist).toBeUndefined();
    expect(config.usage_report).toEqual({ reporting_enabled: false });
  });
});

describe('Tempo 3.0', () => {
  it('has no compactor or ingester: retention under backend_worker, every path set', async () => {
    const { config, problems } = await tempo('{version: "3", retention: 7d}');
    expect(problems).toEqual([]);
    expect(config.compactor).toBeUndefined();
    expect(config.ingester).toBeUndefined();
    expect(config.backend_worker).toEqual({
      compaction: { block_retention: '168h' },
      ring: { instance_addr: '127.0.0.1' },
    });
    expect(config.live_store.ring).toEqual({ instance_addr: '127.0.0.1' });
    expect(paths(config)).toEqual({
      'live_store.wal.path': './data/live-store/traces',
      'live_store.shutdown_marker_dir': './data/live-store/shutdown-marker',
      'backend_scheduler.local_work_path': './data/backend-scheduler',
      'metrics_generator.storage.path': './data/generator/wal',
      'block_builder.wal.path': './data/block-builder/traces',
      'storage.trace.wal.path': './data/wal',
      'storage.trace.local.path': './data/blocks',
    });
  });

  it('a 2.x file under a 3.0 model: the blocks 3.0 refuses, in words', async () => {
    const v2 = await tempo('{}');
    const spec =
      'apiVersion: mon/v1\nproject: shop\nservices: [{name: api, targets: ["127.0.0.1:1"]}]\ntempo: {version: "3"}\n';
    const model = normalize(loadSpec(spec, 'm.yaml').spec, 'm.yaml');
    const out = (await generateAll(model)).map((a) =>
      a.path === files.tempoConfig ? { ...a, content: JSON.stringify(v2.config) } : a,
    );
    expect(artifactProblems(out, model).map((p) => `${p.path}: ${p.message}`)).toEqual([
      'ingester: Tempo 3.x has no ingester block',
      'compactor: Tempo 3.0 has no compactor block: retention is backend_worker.compaction.block_retention',
    ]);
  });
});

describe('the Tempo key schema, per version', () => {
  const accepts = (version: '2' | '3', config: unknown) =>
    new Ajv({ strict: false }).compile(tempoSchema(version))(config);
  const base = {
    server: { http_listen_port: 3200 },
    distributor: { receivers: {} },
    storage: { trace: { backend: 'local', wal: { path: 'w' } } },
  };
  const processors = (p: string) => ({ ...base, overrides: { defaults: { metrics_generator: { processors: [p] } } } });

  it('local-blocks only on 2.x; host-info on both', () => {
    expect(accepts('2', processors('local-blocks'))).toBe(true);
    expect(accepts('3', processors('local-blocks'))).toBe(false);
    expect(accepts('2', processors('host-info'))).toBe(true);
    expect(accepts('3', processors('host-info'))).toBe(true);
    expect(TEMPO_PROCESSORS['3']).not.toContain('local-blocks');
  });

  it("durations in Go's spelling only: 1h30m yes, 7d no", () => {
    expect(accepts('2', { ...base, compactor: { compaction: { block_retention: '1h30m' } } })).toBe(true);
    expect(accepts('2', { ...base, compactor: { compaction: { block_retention: '7d' } } })).toBe(false);
    expect(accepts('3', { ...base, backend_worker: { compaction: { block_retention: '7d' } } })).toBe(false);
    expect(accepts('3', { ...base, compactor: {} })).toBe(false);
    expect(accepts('2', { ...base, live_store: {} })).toBe(false);
  });
});

describe('tempo.retention', () => {
  it("is converted to Go's spelling", async () => {
    expect((await tempo('{retention: 1h30m}')).config.compactor.compaction.block_retention).toBe('1h30m');
    expect((await tempo('{retention: 2w1d}')).config.compactor.compaction.block_retention).toBe('360h');
    expect(goDuration(parseDuration('1d2h3m4s500ms')!)).toBe('26h3m4s500ms');
  });

  it('0s is refused and a retention below the blocklist poll warned, at the key', () => {
    const spec = (r: string) =>
      `apiVersion: mon/v1\nproject: shop\nservices: [{name: api, targets: ["127.0.0.1:1"]}]\ntempo:\n  retention: ${r}\n`;
    const error = (() => {
      try {
        loadSpec(spec('0s'), 'm.yaml');
      } catch (e) {
        return e as DiagnosticsError;
      }
    })();
    expect(error).toBeInstanceOf(DiagnosticsError);
    expect(error!.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        line: 5,
        col: 14,
        path: 'tempo.retention',
        message: 'must be longer than 0, got "0s"',
      }),
    ]);
    expect(loadSpec(spec('2m'), 'm.yaml').warnings).toEqual([
      expect.objectContaining({
        line: 5,
        col: 14,
        path: 'tempo.retention',
        message: "2m is shorter than Tempo's blocklist poll (5m): queriers may read blocks that no longer exist",
      }),
    ]);
  });
});

describe('Tempo in Compose', () => {
  const compose = async (version: '2' | '3') => {
    const spec = `apiVersion: mon/v1\nproject: shop\nservices: [{name: api, targets: ["127.0.0.1:1"]}]\ntempo: {version: "${version}"}\ndeploy: {target: compose}\n`;
    const out = await generateAll(normalize(loadSpec(spec, 'm.yaml').spec, 'm.yaml'));
    return parse(out.find((a) => a.path === files.composeFile)!.content).services.tempo;
  };
  it("2.8's image has busybox under /busybox: a healthcheck; 3.0's has no shell: none (cmd/tempo/Dockerfile)", async () => {
    expect((await compose('2')).healthcheck.test).toEqual([
      'CMD',
      '/busybox/wget',
      '-qO-',
      'http://localhost:3200/ready',
    ]);
    expect((await compose('3')).healthcheck).toBeUndefined();
    expect((await compose('3')).image).toBe('grafana/tempo:3.0.0');
  });
});
