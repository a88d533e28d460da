import type { Model, Secret } from '../model/types.js';
import type { ReceiverSpec } from '../spec/types.js';

/** What a receiver kind may need of the stack while it is built. */
export interface ReceiverContext {
  /** a URL on this machine, as Alertmanager (maybe in a container) reaches it */
  hostUrl(url: string): string;
}

/** What a receiver's Alertmanager config may need of the stack. */
export interface ConfigContext {
  model: Model;
  name: string;
  /** the `*_file` path a generated config uses for a secret */
  secretFile(secret: Secret): string;
}

/** The component that reads a receiver's secrets. */
export type SecretReader = 'alertmanager' | 'dingtalk';

/**
 * One kind of notification integration: its key in the spec (and the model), how the spec
 * becomes the model, what Alertmanager's config says for it, and whose secrets it carries.
 * A receiver with none of these kinds is a null receiver: that follows from the table.
 */
export interface ReceiverKind<K extends keyof ReceiverSpec, M> {
  model(spec: NonNullable<ReceiverSpec[K]>, ctx: ReceiverContext): M;
  /** `<key>_configs` entries it adds to the receiver (undefined: none, e.g. the bridge is off) */
  alertmanager(m: M, ctx: ConfigContext): { key: string; config: Record<string, unknown> } | undefined;
  secrets(m: M): Partial<Record<SecretReader, Secret[]>>;
  /** the Alertmanager version that has it, when newer than the oldest mon supports */
  since?: string;
}
