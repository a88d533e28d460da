import type { SpecPath } from '../spec/diagnostics.js';
import type { ReceiverSpec } from '../spec/types.js';
import type { Secret } from '../model/types.js';
import { dingtalk, email, pagerduty, slack, webhook } from './kinds.js';
import { NEWER_RECEIVERS } from './newer.js';
import type { ConfigContext, ReceiverContext, ReceiverKind, SecretReader } from './types.js';

/**
 * The receiver table: kind (its key in the spec and the model) -> how it is built. The order is
 * the order of the `*_configs` keys in Alertmanager's config. A new kind is an entry here (and
 * its key in the schema: a test keeps the two in step); the ones Alertmanager added since 0.28
 * are in newer.ts, each with the version it needs.
 */
export const RECEIVERS = { webhook, dingtalk, slack, email, pagerduty, ...NEWER_RECEIVERS } as const;
export type ReceiverKindName = keyof typeof RECEIVERS;
export const RECEIVER_KINDS = Object.keys(RECEIVERS) as ReceiverKindName[];

type ModelOf<K extends ReceiverKindName> = ReturnType<(typeof RECEIVERS)[K]['model']>;
/** A receiver of the model: its name and, per kind it uses, that kind's settings. */
export type Receiver = { name: string; source: SpecPath } & { [K in ReceiverKindName]?: ModelOf<K> };

// every entry is checked against the interface for its own key
RECEIVERS satisfies { [K in ReceiverKindName]: ReceiverKind<K, ModelOf<K>> };

const kindsOf = (r: Receiver) => RECEIVER_KINDS.filter((k) => r[k] !== undefined);
const entry = <K extends ReceiverKindName>(k: K) => RECEIVERS[k] as unknown as ReceiverKind<K, ModelOf<K>>;

export function receiverModel(spec: ReceiverSpec, source: SpecPath, ctx: ReceiverContext): Receiver {
  const r: Receiver = { name: spec.name, source };
  for (const k of RECEIVER_KINDS) {
    const s = spec[k];
    if (s !== undefined)
      (r as Record<string, unknown>)[k] = (entry(k).model as (s: unknown, c: ReceiverContext) => unknown)(s, ctx);
  }
  return r;
}

/** A receiver that notifies no one. */
export const isNullReceiver = (r: Receiver) => kindsOf(r).length === 0;

export const usesKind = (r: Receiver, kind: ReceiverKindName) => r[kind] !== undefined;

/** The secrets of a receiver that one component reads. */
export const receiverSecrets = (r: Receiver, reader: SecretReader): Secret[] =>
  kindsOf(r).flatMap(
    (k) => (entry(k).secrets as (m: unknown) => Partial<Record<SecretReader, Secret[]>>)(r[k])[reader] ?? [],
  );

/** The receiver's entry in alertmanager.yml. */
export function receiverConfig(r: Receiver, ctx: Omit<ConfigContext, 'name'>): Record<string, unknown> {
  const out: Record<string, unknown> = { name: r.name };
  for (const k of kindsOf(r)) {
    const c = (
      entry(k).alertmanager as (
        m: unknown,
        c: ConfigContext,
      ) => { key: string; config: Record<string, unknown> } | undefined
    )(r[k], { ...ctx, name: r.name });
    if (c) out[c.key] = [...((out[c.key] as unknown[] | undefined) ?? []), c.config];
  }
  return out;
}
