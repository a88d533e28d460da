import { execFileSync } from 'node:child_process';
import { chmod, chown, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findOnPath } from '../../src/tools/binaries.js';
import { mon, ROOT, tempDir } from '../helpers/cli.js';

/**
 * Compose bind-mounts file secrets with the host's owner and mode, so mon's secrets-init copies
 * each service's secrets into a volume of its own. No Docker engine runs here: the generated
 * script runs under busybox (the init image's shell and applets) against directories standing
 * for its mounts, as root like the container, and the files are read as the images' users.
 */
let tmp: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => (tmp = await tempDir()));
afterEach(() => tmp.cleanup());

const busybox = () => {
  const b = findOnPath('busybox');
  if (!b) throw new Error('busybox is not installed: apt-get install -y busybox');
  if (process.getuid?.() !== 0)
    throw new Error('this test runs the init script as root, as its container does: run it as root');
  return b;
};
/** Read a file as another user (util-linux setpriv): its content, or the error. */
const readAs = (uidGid: string, path: string) => {
  const [uid, gid] = uidGid.split(':');
  try {
    return execFileSync('setpriv', [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', 'cat', path], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch {
    return 'denied';
  }
};

describe('Compose secrets are readable by their service only', () => {
  it("copies each service's secrets, owned by the image's user, mode 0400; the host files stay 0600", async () => {
    const bb = busybox();
    const out = join(tmp.path, 'out');
    const r = await mon(['generate', '-f', join(ROOT, 'test/golden/compose/monitoring.yaml'), '-o', out]);
    expect(r.exitCode).toBe(0);
    const init = parse(await readFile(join(out, 'docker-compose.yml'), 'utf8')).services['secrets-init'];
    expect(init).toMatchObject({ image: 'busybox:1.36', user: 'root', network_mode: 'none', restart: 'no' });
    // the mounts: every source at /in/<name>, every service's volume at /out/<service>
    const root = join(tmp.path, 'fs');
    for (const v of init.volumes as string[]) {
      const [source, target] = v.split(':') as [string, string];
      const path = join(root, target);
      if (target.startsWith('/in/')) {
        await mkdir(join(root, 'in'), { recursive: true });
        await writeFile(path, `value of ${source}`);
        await chown(path, 1000, 1000);
        await chmod(path, 0o600);
      } else await mkdir(path, { recursive: true });
    }
    await writeFile(join(root, 'out/grafana/stale'), 'from an older deploy');
    for (const dir of [tmp.path, root, join(root, 'in'), join(root, 'out')]) await chmod(dir, 0o755); // as / and /in are in the container
    const script = (init.entrypoint as string[])[2]!.replace(/ \/(in|out)\//g, ` ${root}/$1/`);
    execFileSync(bb, ['sh', '-c', script]);

    expect((await readdir(join(root, 'out/grafana'))).sort()).toEqual(['GRAFANA_ADMIN_PASSWORD']);
    expect((await readdir(join(root, 'out/alertmanager'))).sort()).toEqual([
      'file_run_secrets_slack_webhook_url',
      'file_run_secrets_smtp_password',
    ]);
    expect(await readdir(join(root, 'out/dingtalk'))).toEqual(['dingtalk.yml']);
    const g = await stat(join(root, 'out/grafana/GRAFANA_ADMIN_PASSWORD'));
    expect([g.uid, g.gid, g.mode & 0o777]).toEqual([472, 0, 0o400]);
    expect(readAs('472:0', join(root, 'out/grafana/GRAFANA_ADMIN_PASSWORD'))).toBe(
      'value of ./secrets/GRAFANA_ADMIN_PASSWORD',
    );
    expect(readAs('65534:65534', join(root, 'out/grafana/GRAFANA_ADMIN_PASSWORD'))).toBe('denied');
    expect(readAs('65534:65534', join(root, 'out/alertmanager/file_run_secrets_smtp_password'))).toBe(
      'value of /run/secrets/smtp_password',
    );
    expect(readAs('65534:65534', join(root, 'out/dingtalk/dingtalk.yml'))).toBe('value of ./secrets/dingtalk.yml');
    // what a plain Compose secret would have given Grafana: the host's 0600 file
    expect(readAs('472:0', join(root, 'in/GRAFANA_ADMIN_PASSWORD'))).toBe('denied');
    expect((await stat(join(root, 'in/GRAFANA_ADMIN_PASSWORD'))).mode & 0o777).toBe(0o600);
  });
});
