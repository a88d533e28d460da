import type { Artifact } from '../artifacts/types.js';
import type { Model } from '../model/types.js';

/** A generator is a pure function of the model: no disk, no network, no clock. */
export interface Generator {
  name: string;
  generate(model: Model): Artifact[];
}
