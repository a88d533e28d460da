import type { TargetName } from '../targets/index.js';

/**
 * Where each component listens and how the others reach it: each deploy target says (its
 * placement, src/targets/<target>/placement.ts); the model records the answer.
 */
export type Target = TargetName;

export interface Place {
  /** how the other components reach it */
  address: string;
  /** the host it binds */
  listenHost: string;
  /** the port it binds */
  port: number;
  /** the port on 127.0.0.1 of the machine */
  hostPort: number;
}
