import { describe, expect, it } from 'vitest';
import { normalize } from '../../../src/model/normalize.js';
import {
  externalLabelValue,
  isErrorLine,
  matches,
  newestFirst,
  parseVersion,
  prometheusStorage,
  prometheusVersionFlags,
  resolveVersion,
  versionedImage,
} from '../../../src/model/versions.js';
import { loadSpec } from '../../../src/spec/load.js';

const v = (s: string) => parseVersion(s)!;

describe('versions', () => {
  it('parses what the binaries and the spec say', () => {
    expect(parseVersion('2.42.0+ds')).toEqual({ major: 2, minor: 42, patch: 0, text: '2.42.0' });
    expect(parseVersion('v3.16.0')?.text).toBe('3.16.0');
    expect(parseVersion('3.16')?.text).toBe('3.16.0');
    expect(parseVersion('0.35.0-rc.1')?.text).toBe('0.35.0');
    expect(parseVersion('latest')).toBeUndefined();
  });

  it('matches a selector by as many parts as it names', () => {
    expect(matches(v('3.16.2'), '3')).toBe(true);
    expect(matches(v('3.16.2'), '3.16')).toBe(true);
    expect(matches(v('3.16.2'), '3.16.0')).toBe(false);
    expect(matches(v('2.42.0'), '3')).toBe(false);
    expect(
      newestFirst([{ version: v('2.42.0') }, { version: undefined }, { version: v('3.16.0') }]).map(
        (c) => c.version?.text,
      ),
    ).toEqual(['3.16.0', '2.42.0', undefined]);
  });

  it('resolves the version: the binary found, else the spec (the pinned one when it matches), else pinned', () => {
    expect(resolveVersion('prometheus', '3', v('2.42.0')).text).toBe('2.42.0');
    expect(resolveVersion('prometheus', '3.16', undefined).text).toBe('3.16.0');
    expect(resolveVersion('prometheus', '3', undefined).text).toBe('3.16.0');
    expect(resolveVersion('prometheus', '2.55', undefined).text).toBe('2.55.0');
    expect(resolveVersion('alertmanager', undefined, undefined).text).toBe('0.35.0');
  });

  it('escapes $ in external label values for 3.x only (3.x expands $VAR, $$ is a literal $)', () => {
    expect(externalLabelValue('5$ per $HOME', v('3.16.0'))).toBe('5$$ per $$HOME');
    expect(externalLabelValue('5$ per $HOME', v('2.42.0'))).toBe('5$ per $HOME');
  });

  it('puts retention in the config file from 3.8 on, and turns exemplar storage on when asked, on every line', () => {
    expect(prometheusVersionFlags({ version: v('2.42.0'), retention: '15d', exemplars: true })).toEqual([
      '--storage.tsdb.retention.time=15d',
      '--enable-feature=exemplar-storage',
    ]);
    expect(prometheusVersionFlags({ version: v('3.7.0'), retention: '15d', exemplars: false })).toEqual([
      '--storage.tsdb.retention.time=15d',
    ]);
    expect(prometheusVersionFlags({ version: v('3.8.0'), retention: '15d', exemplars: true })).toEqual([
      '--enable-feature=exemplar-storage',
    ]);
    expect(prometheusStorage({ version: v('3.16.0'), retention: '30d' })).toEqual({
      tsdb: { retention: { time: '30d' } },
    });
    expect(prometheusStorage({ version: v('2.42.0'), retention: '30d' })).toBeUndefined();
  });

  it('finds a reload error in the logfmt of either line (go-kit level=error, slog level=ERROR)', () => {
    expect(isErrorLine('ts=2026-12-01T09:00:00.000Z caller=main.go:1 level=error msg="Error loading config"')).toBe(
      true,
    );
    expect(isErrorLine('time=2026-12-01T09:00:00.000Z level=ERROR source=main.go:1 msg="Error reloading config"')).toBe(
      true,
    );
    expect(isErrorLine('time=2026-12-01T09:00:00.000Z level=INFO msg="error-free"')).toBe(false);
  });

  it('tags the pinned image with the model version', () => {
    expect(versionedImage('prom/prometheus:v3.16.0', v('3.5.0'))).toBe('prom/prometheus:v3.5.0');
  });

  it('puts the versions in the model, for generators and the PromQL dialect', () => {
    const spec = loadSpec(
      'apiVersion: mon/v1\nproject: p\nprometheus: {version: "2.42"}\nalertmanager: {version: "0.28.1"}\nservices: [{name: a, targets: [\"127.0.0.1:1\"]}]\n',
      'm.yaml',
    ).spec;
    const m = normalize(spec, 'm.yaml', 'compose');
    expect([
      m.prometheus.version.text,
      m.prometheus.version.major,
      m.prometheus.version.minor,
      m.alertmanager.version.text,
    ]).toEqual(['2.42.0', 2, 42, '0.28.1']);
    expect(normalize(spec, 'm.yaml', 'local', { prometheus: v('3.16.0') }).prometheus.version.text).toBe('3.16.0');
  });
});
