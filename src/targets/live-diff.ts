/** One entry of `mon diff --live`: a file or resource whose deployed content differs from the spec's. */
export interface LiveDiff {
  /** a path under the stack directory, or a resource as kind/namespace/name */
  path: string;
  status: 'added' | 'removed' | 'changed';
  /** unified diff, deployed (---) to generated (+++) */
  diff: string;
}
