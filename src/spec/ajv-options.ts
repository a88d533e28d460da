import type { Options } from 'ajv';

/** One set of ajv options for the runtime compile and the build-time standalone compile. */
export const ajvOptions: Options = { allErrors: true, verbose: true, strict: true, allowUnionTypes: true };
/** Schema annotations mon reads back to word its messages. */
export const annotationKeywords = ['x-message'] as const;
