import { packReference, packsMarkdown } from '../packs/reference.js';
import { isJson, ui } from '../ui/output.js';

/** `mon packs [--json | --markdown]`: every pack rule with its expression, metrics, labels, threshold and default. */
export async function packsCommand(opts: { markdown?: boolean }): Promise<number> {
  if (isJson()) {
    ui.json({ ok: true, command: 'packs', packs: packReference() });
    return 0;
  }
  if (opts.markdown) {
    process.stdout.write(packsMarkdown());
    return 0;
  }
  for (const p of packReference()) {
    ui.result(`${p.name}${p.implied ? ` (on with ${p.implied})` : ''}${p.needs ? ` - needs ${p.needs}` : ''}`);
    for (const r of p.rules) {
      const t = r.threshold ? ` ${r.threshold.param ?? 'threshold'}=${String(r.threshold.default)}` : '';
      ui.result(`  ${r.alert.padEnd(34)} ${r.severity.padEnd(8)} for ${r.for.padEnd(4)}${t}`);
      ui.result(`    ${r.expr}`);
    }
  }
  return 0;
}
