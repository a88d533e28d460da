import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MonError } from '../errors.js';
import { requireBinary } from './binaries.js';
import { run } from './exec.js';

/**
 * Headless Chromium (Debian's `chromium` package) for screenshots of local HTML pages. Nothing
 * talks to the network: no first-run, sync, component updates or background requests, and a
 * fresh profile directory each time, removed afterwards.
 */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--hide-scrollbars',
  '--force-device-scale-factor=1',
];

/** A PNG of `htmlFile` at width x height CSS pixels; throws ToolMissingError (exit 3) without Chromium. */
export async function screenshot(htmlFile: string, pngFile: string, width: number, height: number): Promise<void> {
  const bin = requireBinary('chromium');
  const profile = await mkdtemp(join(tmpdir(), 'mon-chromium-'));
  try {
    const r = await run(
      bin,
      [
        ...CHROMIUM_FLAGS,
        `--user-data-dir=${profile}`,
        `--window-size=${width},${height}`,
        `--screenshot=${pngFile}`,
        pathToFileURL(htmlFile).href,
      ],
      { timeoutMs: 60_000 },
    );
    const written = await stat(pngFile).then(
      (s) => s.size > 0,
      () => false,
    );
    if (r.exitCode !== 0 || !written) {
      const why = r.stderr
        .split('\n')
        .filter((l) => l && !/dbus|Fontconfig/i.test(l))
        .slice(-3)
        .join('\n');
      throw new MonError(`chromium did not write ${pngFile} (exit ${r.exitCode})${why ? `:\n${why}` : ''}`);
    }
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}
