import { isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { FastNode } from './fast-read.js';

/** Keys whose map values Prometheus reads as text: labels and annotations (`map[string]string`). */
const TEXT_MAPS = new Set(['labels', 'annotations']);
/** Keys Prometheus reads as a duration from text (`model.Duration`), so `for: 0` is "0". */
const TEXT_VALUES = new Set(['for', 'keepFiringFor', 'queryOffset']);

/** A scalar as Go's YAML decoder puts it into a string: its source text (`1.0` stays 1.0, `0x10` stays 0x10). */
function asText(node: unknown): void {
  if (!isScalar(node) || typeof node.value === 'string') return;
  if (node.value === null) node.value = '';
  else if (typeof node.value === 'number' || typeof node.value === 'boolean' || typeof node.value === 'bigint')
    node.value = node.source ?? String(node.value);
}

function walk(node: Node | null | undefined): void {
  if (isSeq(node)) for (const item of node.items) walk(item as Node);
  if (!isMap(node)) return;
  for (const pair of node.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    if (TEXT_MAPS.has(key) && isMap(pair.value)) {
      for (const p of pair.value.items) if (isPair(p)) asText(p.value);
    } else if (TEXT_VALUES.has(key)) asText(pair.value);
    else walk(pair.value as Node);
  }
}

/**
 * The rule parts of the spec (`alerts:`) read as Prometheus reads a rule file: Go's YAML decoder
 * puts a scalar into a string field as written, so `severity: 1`, `page: true` and `for: 0` are
 * the labels "1", "true" and the duration 0 (model/rulefmt, gopkg.in/yaml.v3). Applied to the
 * parsed document before it becomes a value, so positions stay those of the source.
 */
export function rulesAsPrometheusText(doc: Document.Parsed): void {
  if (!isMap(doc.contents)) return;
  const alerts = doc.contents.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === 'alerts');
  if (alerts) walk(alerts.value as Node);
}

/** asText on the tree of src/spec/fast-read.ts (the same walk as above). */
function fastAsText(node: FastNode): void {
  if (node.kind !== 'scalar' || typeof node.value === 'string') return;
  if (node.value === null) node.value = '';
  else if (typeof node.value === 'number' || typeof node.value === 'boolean') node.value = node.source;
}

function fastWalk(node: FastNode): void {
  if (node.kind === 'seq') for (const item of node.items) fastWalk(item);
  if (node.kind !== 'map') return;
  for (const pair of node.pairs) {
    const key = pair.key.value as string;
    if (TEXT_MAPS.has(key) && pair.value.kind === 'map') {
      for (const p of pair.value.pairs) fastAsText(p.value);
    } else if (TEXT_VALUES.has(key)) fastAsText(pair.value);
    else fastWalk(pair.value);
  }
}

/** rulesAsPrometheusText for a spec read by src/spec/fast-read.ts. */
export function fastRulesAsPrometheusText(root: FastNode): void {
  if (root.kind !== 'map') return;
  const alerts = root.pairs.find((p) => p.key.value === 'alerts');
  if (alerts) fastWalk(alerts.value);
}
