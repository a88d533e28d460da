import type { Target } from '../model/placement.js';
import type { Model } from '../model/types.js';
import type { Line, Version } from '../model/versions.js';
import type { Spec } from '../spec/types.js';
import { findBinary, wantVersions } from './binaries.js';

/**
 * Which Prometheus and Alertmanager the local target will run: the binaries that match the spec's
 * `version:` (or MON_PROMETHEUS_VERSION / MON_ALERTMANAGER_VERSION), newest first. Compose runs
 * the pinned (or named) images: nothing to look up.
 */
export function localLines(spec: Spec, target: Target): Partial<Record<Line, Version>> {
  wantVersions({ prometheus: spec.prometheus?.version, alertmanager: spec.alertmanager?.version });
  if (target !== 'local') return {};
  const found: Partial<Record<Line, Version>> = {};
  // the server, else its tool (a CI machine may have promtool and amtool only)
  const prometheus = findBinary('prometheus').version ?? findBinary('promtool').version;
  if (prometheus) found.prometheus = prometheus;
  const alertmanager = findBinary('alertmanager').version ?? findBinary('amtool').version;
  if (alertmanager) found.alertmanager = alertmanager;
  return found;
}

/**
 * From here on every lookup of the line (promtool and amtool too) wants the model's version: the
 * exact binary on the local target, the same minor version for an image (a 2.42 promtool refuses
 * a config written for 3.16, and passing one it cannot read proves nothing).
 */
export function pinLines(model: Model, found: Partial<Record<Line, Version>>): void {
  // local with nothing found: the spec's selector stays (the lookup's error names it)
  const want = (line: Line, v: Version) =>
    model.target !== 'local' ? `${v.major}.${v.minor}` : found[line] ? v.text : undefined;
  wantVersions(
    {
      prometheus: want('prometheus', model.prometheus.version),
      alertmanager: want('alertmanager', model.alertmanager.version),
    },
    true,
  );
}
