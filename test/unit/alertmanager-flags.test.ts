import { describe, expect, it } from 'vitest';
import { parseCmdlineFlags } from '../../src/verify/drift/alertmanager-flags.js';
import { flagDiff } from '../../src/verify/drift/live.js';

describe("Alertmanager's flags from its command line", () => {
  it('reads kingpin forms: --name=value, --name value, an empty value, --flag and --no-flag', () => {
    expect(
      parseCmdlineFlags([
        '/usr/bin/prometheus-alertmanager',
        '--config.file=/s/am.yml',
        '--data.retention',
        '1h',
        '--cluster.listen-address=',
        '--web.listen-address=127.0.0.1:9093',
        '--no-cluster.settle',
        '--log.verbose',
      ]),
    ).toEqual({
      'config.file': '/s/am.yml',
      'data.retention': '1h',
      'cluster.listen-address': '',
      'web.listen-address': '127.0.0.1:9093',
      'cluster.settle': 'false',
      'log.verbose': 'true',
    });
  });

  it('names each flag that differs, and leaves paths out for a stack elsewhere', () => {
    const want = ['--storage.path=/s/data', '--data.retention=120h', '--cluster.listen-address='];
    const live = { 'storage.path': '/other', 'data.retention': '1h', 'cluster.listen-address': '0.0.0.0:9094' };
    expect(flagDiff(want, live, true)).toEqual([
      '--storage.path: live /other, generated /s/data',
      '--data.retention: live 1h, generated 120h',
      '--cluster.listen-address: live 0.0.0.0:9094, generated (empty)',
    ]);
    expect(flagDiff(want, live, false)).toHaveLength(2);
  });
});
