import { schema } from '../spec/schema.js';
import { ui } from '../ui/output.js';

/** Prints the JSON Schema of monitoring.yaml (for editors and other tools). */
export async function printSchema(): Promise<number> {
  ui.json(schema);
  return 0;
}
