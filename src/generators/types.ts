import type { Artifact } from '../artifacts/types.js';
import type { Model } from '../model/types.js';

/**
 * A generator is a pure function of the model: no disk, no network, no clock. It may be async
 * only to load a heavy library lazily (the Grafana SDK).
 */
export interface Generator {
  name: string;
  generate(model: Model): Artifact[] | Promise<Artifact[]>;
}
