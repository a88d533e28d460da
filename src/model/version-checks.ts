import { type Diagnostic, DiagnosticsError, formatPath, type SpecPath } from '../spec/diagnostics.js';
import type { LoadedSpec } from '../spec/load.js';
import { RECEIVER_KINDS, RECEIVERS } from '../receivers/index.js';
import type { Model } from './types.js';
import { WEBHOOK_PAYLOAD_SINCE } from '../notify/templates.js';
import { atLeast, OLDEST, prometheusFeatures } from './versions.js';

const LEGACY_METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LEGACY_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Prometheus 2.x takes only the legacy names (model.IsValidMetricName, LabelName.IsValid); 3.x any UTF-8. */
function legacyNames(
  rule: Model['ruleGroups'][number]['rules'][number],
  version: string,
  chosen: string,
  at: (path: SpecPath, message: string, hint: string, key?: boolean) => void,
): void {
  if (rule.kind === 'record' && !LEGACY_METRIC.test(rule.record))
    at(
      [...rule.source, 'record'],
      `invalid recording rule name "${rule.record}" for Prometheus ${version} (${chosen}): 2.x takes letters, digits, '_' and ':'`,
      'rename it (job:http_requests:rate5m), or run Prometheus 3, which takes any UTF-8 name',
      false,
    );
  // the labels written in the spec (a pack's own labels are legacy names)
  for (const name of Object.keys(rule.labels))
    if (!LEGACY_LABEL.test(name))
      at(
        [...rule.source, 'labels', name],
        `invalid label name "${name}" for Prometheus ${version} (${chosen}): 2.x takes letters, digits and '_', not starting with a digit`,
        'rename it, or run Prometheus 3, which takes any UTF-8 label name',
      );
}

/**
 * What the chosen versions cannot do, located in the spec: receivers newer than the Alertmanager,
 * keys newer than the Prometheus, versions older than mon supports. Errors are thrown, all at once
 * (nothing is generated); the rest are returned as warnings.
 */
export function versionDiagnostics(loaded: LoadedSpec, model: Model): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (path: SpecPath, message: string, hint: string, key = true) => {
    const pos = loaded.doc.position(path, { key });
    out.push({
      severity: 'error',
      file: loaded.file,
      line: pos.line,
      col: pos.col,
      path: formatPath(path),
      message,
      hint,
    });
  };
  const pv = model.prometheus.version;
  const av = model.alertmanager.version;
  const chosen = (line: 'prometheus' | 'alertmanager') =>
    loaded.spec[line]?.version !== undefined
      ? `${line}.version says ${loaded.spec[line]!.version}`
      : model.target === 'local'
        ? `the local target runs the ${line} binary chosen: MON_${line.toUpperCase()}_VERSION, else the newest found`
        : `the Compose target runs the pinned image`;

  if (!atLeast(pv, OLDEST.prometheus))
    at(
      ['prometheus', 'version'],
      `Prometheus ${pv.text} is older than ${OLDEST.prometheus}, the oldest mon generates for`,
      `use ${OLDEST.prometheus} or newer`,
      false,
    );
  if (!atLeast(av, OLDEST.alertmanager))
    at(
      ['alertmanager', 'version'],
      `Alertmanager ${av.text} is older than ${OLDEST.alertmanager}, the oldest mon generates for`,
      `use ${OLDEST.alertmanager} or newer`,
      false,
    );

  if (
    model.alertmanager.enabled &&
    model.alertmanager.templates?.webhook?.payload !== undefined &&
    !atLeast(av, WEBHOOK_PAYLOAD_SINCE)
  )
    at(
      ['notifications', 'templates', 'webhook', 'payload'],
      `a webhook payload template needs Alertmanager >= ${WEBHOOK_PAYLOAD_SINCE} (webhook_config.payload); this stack's is ${av.text} (${chosen('alertmanager')})`,
      `set alertmanager.version to ${WEBHOOK_PAYLOAD_SINCE} or newer (bash scripts/build-go-tools.sh alertmanager), or remove it: older webhooks get Alertmanager's JSON`,
    );
  if (model.alertmanager.enabled) {
    for (const r of model.alertmanager.receivers) {
      for (const k of RECEIVER_KINDS) {
        const since = (RECEIVERS[k] as { since?: string }).since;
        if (since && r[k] !== undefined && !atLeast(av, since)) {
          at(
            [...r.source, k],
            `the ${k} receiver needs Alertmanager >= ${since}; this stack's is ${av.text} (${chosen('alertmanager')})`,
            `set alertmanager.version to ${since} or newer (and install it: bash scripts/build-go-tools.sh alertmanager), or use another receiver`,
          );
        }
      }
    }
  }
  for (const g of model.ruleGroups) {
    if (g.queryOffset !== undefined && g.source && !prometheusFeatures(pv).queryOffset)
      at(
        [...g.source, 'queryOffset'],
        `queryOffset needs Prometheus >= 2.53.0; this stack's is ${pv.text} (${chosen('prometheus')})`,
        'set prometheus.version to 2.53 or newer (bash scripts/build-go-tools.sh prometheus builds 3.16), or drop queryOffset',
      );
    for (const rule of g.rules) {
      if (pv.major < 3) legacyNames(rule, pv.text, chosen('prometheus'), at);
      if (rule.kind === 'alert' && rule.keepFiringFor !== undefined && !prometheusFeatures(pv).keepFiringFor) {
        at(
          [...rule.source, 'keepFiringFor'],
          `keepFiringFor needs Prometheus >= 2.42.0; this stack's is ${pv.text} (${chosen('prometheus')})`,
          'set prometheus.version to 2.42 or newer',
        );
      }
    }
  }
  if (out.length) throw new DiagnosticsError(out);
  return [];
}
