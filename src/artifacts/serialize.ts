import { stringify } from 'yaml';
import { fastYaml } from './fast-yaml.js';

/**
 * Stable YAML: key order as built, no line folding, a header comment. Same input, same bytes.
 * Strings are quoted by YAML 1.1 rules: Prometheus and Alertmanager parse with Go's yaml.v2,
 * which reads an unquoted 09:00 as a base-60 number and on/yes as booleans.
 */
export function toYaml(value: unknown, header: string): string {
  const fast = fastYaml(value);
  if (fast !== undefined) return `${header}\n${fast}`;
  const body = stringify(value, {
    version: '1.1',
    lineWidth: 0,
    indent: 2,
    indentSeq: true,
    aliasDuplicateObjects: false,
    singleQuote: false,
  });
  return `${header}\n${body}`;
}

export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
