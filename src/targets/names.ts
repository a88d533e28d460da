/**
 * The deploy targets' names, for the command line (which must not load the targets to print
 * --help). src/targets/index.ts holds one entry per name: the compiler keeps the two in step.
 */
export const TARGET_NAMES = ['local', 'compose', 'kubernetes'] as const;
export type TargetName = (typeof TARGET_NAMES)[number];
