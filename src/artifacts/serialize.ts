import { stringify } from 'yaml';

/** Stable YAML: key order as built, no line folding, a header comment. Same input, same bytes. */
export function toYaml(value: unknown, header: string): string {
  const body = stringify(value, { lineWidth: 0, indent: 2, indentSeq: true, aliasDuplicateObjects: false, singleQuote: false });
  return `${header}\n${body}`;
}

export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
