import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

/** sloth v0.16.0 as scripts/build-go-tools.sh builds it (MON_GO_TOOLS cache, or MON_SLOTH); missing: the test fails saying what to run. */
export function slothBinary(): string {
  const bin =
    process.env.MON_SLOTH ??
    join(process.env.MON_GO_TOOLS ?? join(homedir(), '.cache', 'mon', 'go-tools'), 'sloth-0.16.0', 'bin', 'sloth');
  try {
    accessSync(bin, constants.X_OK);
  } catch {
    throw new Error('sloth 0.16.0 not found: run `bash scripts/build-go-tools.sh sloth` (or set MON_SLOTH)');
  }
  return bin;
}

export interface SlothSlo {
  service: string;
  name: string;
  objective: number;
  errorQuery: string;
  totalQuery: string;
}

/** Runs `sloth generate` on one SLO (sloth's prometheus/v1 spec) and returns the rule file it wrote, text and parsed. */
export function slothGenerate(slo: SlothSlo, period: '28d' | '30d'): { text: string; groups: any[] } {
  const dir = mkdtempSync(join(tmpdir(), 'mon-sloth-'));
  try {
    const spec = {
      version: 'prometheus/v1',
      service: slo.service,
      slos: [
        {
          name: slo.name,
          objective: slo.objective,
          sli: { events: { error_query: slo.errorQuery, total_query: slo.totalQuery } },
          alerting: {
            name: 'SlothAlert',
            page_alert: { labels: { severity: 'page' } },
            ticket_alert: { labels: { severity: 'ticket' } },
          },
        },
      ],
    };
    writeFileSync(join(dir, 'in.yaml'), stringify(spec));
    const r = spawnSync(
      slothBinary(),
      [
        'generate',
        '--no-log',
        '-i',
        join(dir, 'in.yaml'),
        '-o',
        join(dir, 'out.yaml'),
        `--default-slo-period=${period}`,
      ],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`sloth generate failed: ${r.stderr}`);
    const text = readFileSync(join(dir, 'out.yaml'), 'utf8');
    return { text, groups: parse(text).groups };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
