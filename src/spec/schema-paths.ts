import type { SpecPath } from './diagnostics.js';
import { schema } from './schema.js';

interface Node {
  $ref?: string;
  oneOf?: Node[];
  items?: Node;
  properties?: Record<string, Node>;
  additionalProperties?: Node | boolean;
}
const definitions = (schema as unknown as { definitions: Record<string, Node> }).definitions;

/**
 * Every value of a (schema-valid) spec whose schema is `#/definitions/<name>`, with its path:
 * e.g. every duration, wherever the schema puts one. The schema is the one list of where they are.
 */
export function valuesOf(spec: unknown, name: string): Array<{ path: SpecPath; value: unknown }> {
  const out: Array<{ path: SpecPath; value: unknown }> = [];
  const seen = new Set<string>();
  const walk = (value: unknown, node: Node | undefined, path: SpecPath): void => {
    if (!node || value === undefined || value === null) return;
    if (node.$ref) {
      const def = node.$ref.replace('#/definitions/', '');
      const key = path.join('\u0000');
      if (def === name && !seen.has(key)) {
        seen.add(key);
        out.push({ path, value });
      }
      return walk(value, definitions[def], path);
    }
    for (const branch of node.oneOf ?? []) walk(value, branch, path);
    if (Array.isArray(value)) {
      if (node.items) value.forEach((item, i) => walk(item, node.items, [...path, i]));
    } else if (typeof value === 'object') {
      const extra = typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
      for (const [key, item] of Object.entries(value)) walk(item, node.properties?.[key] ?? extra, [...path, key]);
    }
  };
  walk(spec, schema as unknown as Node, []);
  return out;
}
