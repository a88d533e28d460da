/** A generated file, in memory: a path relative to the output directory and its content. */
export interface Artifact {
  path: string;
  content: string;
}
