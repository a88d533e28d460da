import { selectors } from '../consistency/selectors.js';
import type { Service } from '../model/types.js';
import { formatBytes } from '../spec/bytes.js';
import { thresholdOf } from './render.js';
import { packs } from './index.js';
import type { Pack, PackContext, PackRule } from './types.js';

/** One rule of the pack reference, as its pack renders it with default parameters. */
export interface RuleReference {
  alert: string;
  severity: string;
  for: string;
  /** the expression with the default threshold; SERVICE stands for the pack's service (job) */
  expr: string;
  threshold?: { param?: string; default: number | string; unit: string };
  /** the metric names it queries */
  metrics: string[];
  /** the labels it needs: matched, grouped by, or read by its annotations */
  labels: string[];
  summary: string;
  /** when the pack renders it only in some setups */
  only?: string;
}
export interface PackReference {
  name: string;
  /** what its section needs */
  needs?: string;
  /** on by itself when the spec has what it watches */
  implied?: string;
  rules: RuleReference[];
}

const SERVICE = 'SERVICE';
const service = (runtime: Service['runtime']): Service => ({
  name: SERVICE,
  job: SERVICE,
  runtime,
  metricPrefix: '',
  exposes: ['http', 'process', 'runtime'],
  instance: 'HOST:PORT',
  source: [],
});
const ctx = (backend: 'tempo' | 'jaeger', replication = false): PackContext => ({
  project: 'PROJECT',
  services: new Map([[SERVICE, service('python')]]),
  alertmanagerEnabled: true,
  tracingBackend: backend,
  // the default setup has no datastores (the platform pack's own RedisDown, MySQLDown); the last, replicating ones
  datastores: new Map(replication ? ['redis', 'mysql', 'postgres'].map((k) => [k, { replication }]) : []),
  tlsProbes: replication,
});
/** the setups tried, in order: a rule with `when` is listed with the first where it renders */
const SETUPS: Array<{ ctx: PackContext; only?: string }> = [
  { ctx: ctx('tempo') },
  { ctx: ctx('jaeger'), only: 'tracing.backend: jaeger' },
  { ctx: ctx('tempo', true), only: 'REPLICATION' },
];
/** what a conditional rule rendered with the default setup depends on, per pack */
const FIRST_ONLY: Record<string, string> = {
  backend: 'runtime: python',
  tracing: 'tracing.backend: tempo (the default)',
  self: 'Alertmanager on (the default)',
  platform: 'no datastores entry of its kind',
};
const NEEDS: Record<string, string> = {
  backend: 'service (a service of the spec; runtime python adds the GC rules)',
  business: 'service or metricPrefix',
};
const IMPLIED: Record<string, string> = {
  redis: 'datastores.redis',
  mysql: 'datastores.mysql',
  postgres: 'datastores.postgres',
  probes: 'a service with probes:',
};

const labelsOf = (expr: string, texts: string[]) => {
  const names = new Set<string>();
  for (const m of expr.matchAll(/\{([^}]*)\}/g))
    for (const l of m[1]!.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)/g)) names.add(l[1]!);
  for (const m of expr.matchAll(/\b(?:by|without|on|ignoring)\s*\(([^)]*)\)/g))
    for (const l of m[1]!.split(',')) if (l.trim()) names.add(l.trim());
  for (const t of texts) for (const m of t.matchAll(/\$labels\.([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(m[1]!);
  return [...names].sort();
};

function ruleReference<P>(pack: Pack<P>, rule: PackRule<P>): RuleReference | undefined {
  for (const setup of SETUPS) {
    const p = pack.params({ service: SERVICE }, setup.ctx);
    if (rule.when && !rule.when(p)) continue;
    const t = thresholdOf(rule, {}) ?? 0;
    const expr = rule.expr(p, t);
    const summary = rule.summary(p, t);
    const description = rule.description(p, t);
    const r: RuleReference = {
      alert: rule.alert,
      severity: rule.severity,
      for: rule.for,
      expr,
      metrics: [...new Set(selectors(expr).map((s) => s.metric))].filter(Boolean).sort(),
      labels: labelsOf(expr, [summary, description]),
      summary,
    };
    if (rule.threshold) r.threshold = { ...rule.threshold };
    const only = rule.when ? (setup.only ?? FIRST_ONLY[pack.name] ?? 'some setups') : undefined;
    if (only)
      r.only =
        only !== 'REPLICATION'
          ? only
          : pack.name === 'probes'
            ? 'an https:// probe'
            : `datastores.${pack.name}.replication: true`;
    return r;
  }
  return undefined;
}

/** Every pack rule with its expression, metrics, labels, threshold and default: from the pack table. */
export function packReference(): PackReference[] {
  return packs.map((pack) => {
    const ref: PackReference = {
      name: pack.name,
      rules: pack.rules.map((r) => ruleReference(pack, r)).filter((r): r is RuleReference => r !== undefined),
    };
    if (NEEDS[pack.name]) ref.needs = NEEDS[pack.name];
    if (IMPLIED[pack.name]) ref.implied = IMPLIED[pack.name];
    return ref;
  });
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const fmtDefault = (t: NonNullable<RuleReference['threshold']>) =>
  t.unit === 'bytes' && typeof t.default === 'number' ? formatBytes(t.default) : String(t.default);

/** docs/packs.md: generated, and a test keeps the committed file current. */
export function packsMarkdown(): string {
  const out = [
    '# Alert packs',
    '',
    'Generated from the pack table (`src/packs/`) by `mon packs --markdown`; `test/unit/packs/reference.test.ts` keeps this',
    'file current. Enable a pack under `alerts.packs.<name>`; set `thresholds.<param>` for the pack or',
    '`rules.<Alert>.threshold` / `for` / `severity` / `enabled` for one rule. `SERVICE` stands for the job of the',
    "pack's service. Every rule gets a generated promtool unit test.",
    '',
  ];
  for (const p of packReference()) {
    out.push(`## ${p.name}`, '');
    if (p.needs) out.push(`Needs: ${p.needs}.`, '');
    if (p.implied)
      out.push(`On by itself with ${p.implied} (\`alerts.packs.${p.name}.enabled: false\` turns it off).`, '');
    out.push(
      '| alert | severity | for | threshold (default) | metrics | labels | expression |',
      '|---|---|---|---|---|---|---|',
    );
    for (const r of p.rules) {
      const t = r.threshold
        ? `${r.threshold.param ? `\`${r.threshold.param}\` = ` : ''}${fmtDefault(r.threshold)} (${r.threshold.unit})`
        : '-';
      out.push(
        `| ${r.alert}${r.only ? ` (only with ${r.only})` : ''} | ${r.severity} | ${r.for} | ${cell(t)} | ${r.metrics.map((m) => `\`${m}\``).join(', ')} | ${r.labels.join(', ') || '-'} | \`${cell(r.expr)}\` |`,
      );
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
