/**
 * Random valid specs and random invalid edits of them, for the property test. Everything comes
 * from a seeded generator, so a failing seed reproduces exactly (MON_PROPERTY_SEED).
 */
export type Rng = () => number;

/** mulberry32: a small, well-mixed 32-bit generator. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const chance = (r: Rng, p: number) => r() < p;
const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
/** A number in [lo, hi) with 0 to 4 decimals: thresholds people write, rounding edges included. */
const decimal = (r: Rng, lo: number, hi: number) => {
  const v = lo + r() * (hi - lo);
  const rounded = Number(v.toFixed(int(r, 0, 4)));
  return rounded > lo && rounded < hi ? rounded : Number(v.toFixed(4));
};
const some = <T>(r: Rng, xs: readonly T[], max = xs.length): T[] => xs.filter(() => chance(r, 0.5)).slice(0, max);

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const range = <T>(r: Rng, xs: readonly T[], show: (x: T) => string) => {
  const a = int(r, 0, xs.length - 1);
  const b = int(r, a, xs.length - 1);
  return a === b ? show(xs[a]!) : `${show(xs[a]!)}:${show(xs[b]!)}`;
};
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const DURATIONS = ['10s', '15s', '30s', '1m', '1m30s', '2m'];
const size = (r: Rng) => pick(r, [`${decimal(r, 0.1, 8)}GiB`, `${int(r, 64, 4096)}MiB`, int(r, 1e8, 8e9)]);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SpecValue = Record<string, any>;

export function randomSpec(r: Rng, n: number): SpecValue {
  const services = Array.from({ length: int(r, 1, 4) }, (_, i) => {
    const s: SpecValue = {
      name: `svc-${i}`,
      runtime: pick(r, ['python', 'go', 'node', 'jvm', 'other']),
      targets: [`127.0.0.1:${9000 + i}`],
    };
    if (chance(r, 0.4))
      s.labels = Object.fromEntries(
        some(r, ['team', 'tier', 'region', 'owner_2']).map((k) => [k, pick(r, ['a', 'payments', 'eu-1', 'x y'])]),
      );
    if (chance(r, 0.3)) s.job = `job_${i}`;
    if (chance(r, 0.3)) s.scrapeInterval = pick(r, DURATIONS);
    if (chance(r, 0.2)) s.params = { format: ['prometheus'] };
    return s;
  });
  const node = chance(r, 0.8);
  const tempo = chance(r, 0.4);
  const svc = () => pick(r, services).name as string;
  const override = (alerts: string[]) =>
    chance(r, 0.4)
      ? Object.fromEntries(
          some(r, alerts, 2).map((a) => [
            a,
            {
              ...(chance(r, 0.5) ? { for: pick(r, ['1m', '3m', '10m', '1h']) } : {}),
              ...(chance(r, 0.3) ? { severity: pick(r, ['info', 'warning', 'critical']) } : {}),
            },
          ]),
        )
      : undefined;
  const packs: SpecValue = {};
  if (chance(r, 0.8)) {
    packs.backend = {
      service: svc(),
      thresholds: {
        cpu: decimal(r, 0.01, 20),
        gcRate: decimal(r, 0.5, 100),
        memoryWarning: size(r),
        memoryCritical: size(r),
      },
    };
    const rules = override(['BackendServiceDown', 'BackendHighCPUUsage', 'BackendHighMemoryUsage']);
    if (rules) packs.backend.rules = rules;
  }
  if (node && chance(r, 0.6)) packs.system = { thresholds: { memoryPercent: decimal(r, 1, 99.9) } };
  if (chance(r, 0.5))
    packs.business = {
      service: svc(),
      thresholds: {
        errorRate: decimal(r, 0.001, 0.99),
        latencyP95: decimal(r, 0.05, 10),
        cacheHitRate: decimal(r, 0.05, 0.99),
      },
    };
  if (tempo && chance(r, 0.6))
    packs.tracing = { thresholds: { errorRate: decimal(r, 0.001, 0.9), latencyP95: decimal(r, 0.05, 10) } };
  if (chance(r, 0.3))
    packs.platform = { thresholds: { cpuPercent: decimal(r, 1, 99), diskPercent: decimal(r, 1, 99) } };
  if (chance(r, 0.3)) packs.self = {};

  const spec: SpecValue = {
    apiVersion: 'mon/v1',
    project: `prop${n}`,
    prometheus: {
      scrapeInterval: pick(r, ['15s', '30s', '1m']),
      evaluationInterval: pick(r, ['15s', '30s', '1m']),
      ...(chance(r, 0.3) ? { externalLabels: { cluster: 'c1' } } : {}),
    },
    exporters: { node: { enabled: node } },
    services,
    alerts: { ...(chance(r, 0.5) ? { runbookBaseUrl: 'https://runbooks.example.com/x' } : {}), packs },
  };
  if (tempo) spec.tempo = { metricsGenerator: { serviceGraphs: chance(r, 0.5), spanMetrics: chance(r, 0.5) } };
  if (chance(r, 0.5)) {
    const t = decimal(r, 1, 5000);
    spec.alerts.rules = [
      {
        alert: 'QueueBacklog',
        expr: `queue_depth > ${t}`,
        for: '2m',
        summary: 'queue {{ $labels.queue }} at {{ $value | humanize }}',
        test: {
          series: [{ series: `queue_depth{job="x",queue="q"}`, values: `${Math.ceil(t * 2)}x10` }],
          expect: [{ at: '1m', alerts: [] }],
        },
      },
    ];
  }
  if (chance(r, 0.85)) spec.notifications = randomNotifications(r);
  return spec;
}

function randomNotifications(r: Rng): SpecValue {
  const receivers = Array.from({ length: int(r, 1, 3) }, (_, i) => ({
    name: `rcv-${i}`,
    webhook: { url: `http://127.0.0.1:${5001 + i}/` },
  }));
  const intervals = Array.from({ length: int(r, 0, 2) }, (_, i) => {
    const iv: SpecValue = {};
    if (chance(r, 0.6)) iv.weekdays = [range(r, WEEKDAYS, (x) => x)];
    if (chance(r, 0.5)) {
      const start = int(r, 0, 1380);
      iv.times = [{ start: hhmm(start), end: hhmm(int(r, start + 1, 1440)) }];
    }
    if (chance(r, 0.3))
      iv.daysOfMonth = [
        pick(r, [
          range(
            r,
            Array.from({ length: 31 }, (_, d) => d + 1),
            String,
          ),
          '-7:-1',
          '-1',
        ]),
      ];
    if (chance(r, 0.3)) iv.months = [range(r, MONTHS, (x) => (chance(r, 0.5) ? x : String(MONTHS.indexOf(x) + 1)))];
    if (chance(r, 0.2)) iv.years = [range(r, [2025, 2026, 2027, 2028], String)];
    return {
      name: `ti-${i}`,
      ...(chance(r, 0.5) ? { location: pick(r, ['Asia/Shanghai', 'Europe/Berlin', 'UTC']) } : {}),
      intervals: [iv],
    };
  });
  const name = () => pick(r, receivers).name;
  const child = (): SpecValue => {
    const c: SpecValue = {
      matchers: [
        pick(r, [
          'severity="critical"',
          'severity=~"warning|info"',
          'service!="svc-0"',
          'alertname=~"(?i)backend.*"',
          'team=~"[[:alpha:]]+"',
        ]),
      ],
      receiver: name(),
    };
    if (chance(r, 0.4)) c.continue = true;
    if (chance(r, 0.3)) c.repeatInterval = pick(r, ['1h', '4h', '30m']);
    if (chance(r, 0.3)) c.groupBy = ['alertname', ...some(r, ['service', 'instance', 'severity'])];
    if (intervals.length && chance(r, 0.4))
      c[pick(r, ['muteTimeIntervals', 'activeTimeIntervals'])] = [pick(r, intervals).name];
    return c;
  };
  const route: SpecValue = {
    receiver: name(),
    groupBy: pick(r, [['alertname'], ['alertname', 'service'], ['...']]),
    groupWait: pick(r, ['0s', '10s', '30s']),
    groupInterval: pick(r, ['1m', '5m']),
    repeatInterval: pick(r, ['1h', '4h']),
  };
  route.routes = Array.from({ length: int(r, 0, 3) }, child);
  const n: SpecValue = { receivers, route };
  if (intervals.length) n.timeIntervals = intervals;
  if (chance(r, 0.4))
    n.inhibit = [{ source: ['severity="critical"'], target: ['severity="warning"'], equal: ['alertname'] }];
  return n;
}

/** One edit that makes a valid spec invalid, and what kind of problem it is. */
export type Mutation = [name: string, edit: (s: SpecValue, r: Rng) => void];
const anyService = (s: SpecValue, r: Rng) => pick(r, s.services as SpecValue[]);
export const MUTATIONS: Mutation[] = [
  [
    'duration out of range',
    (s, r) => (anyService(s, r).scrapeInterval = pick(r, ['300y', '106752d', '99999999999999h'])),
  ],
  ['duration not a duration', (s, r) => (s.prometheus.evaluationInterval = pick(r, ['5 minutes', '1.5m', '-1m', '']))],
  ['reserved label prefix', (s, r) => (anyService(s, r).labels = { __team: 'x' })],
  ['invalid label name', (s, r) => (anyService(s, r).labels = { [pick(r, ['team-name', '1st', 'a.b'])]: 'x' })],
  ['reserved job', (s, r) => (anyService(s, r).job = pick(r, ['prometheus', 'alertmanager']))],
  ['duplicate service', (s) => s.services.push({ ...s.services[0], targets: ['127.0.0.1:1'] })],
  ['target not host:port', (s, r) => (anyService(s, r).targets = [pick(r, ['http://x:80', ':80', 'host'])])],
  ['unknown key', (s, r) => (anyService(s, r)[pick(r, ['scrapeIntervall', 'target', 'lables'])] = 'x')],
  ['wrong type', (s, r) => (anyService(s, r).targets = pick(r, [5, 'x', { a: 1 }]))],
  ['runbook template', (s) => (s.alerts.runbookBaseUrl = 'https://x/{{ $labels.job }}')],
  ['annotation key', (s) => (s.alerts.rules = [{ alert: 'X', expr: 'up == 0', annotations: { 'run-book': 'x' } }])],
  ['invalid PromQL', (s) => (s.alerts.rules = [{ alert: 'X', expr: 'up == == 0' }])],
  [
    'zero group interval',
    (s) =>
      ((s.notifications ??= { receivers: [{ name: 'a' }] }).route = {
        receiver: s.notifications.receivers[0].name,
        groupInterval: '0s',
      }),
  ],
  [
    'duplicate groupBy',
    (s) =>
      ((s.notifications ??= { receivers: [{ name: 'a' }] }).route = {
        receiver: s.notifications.receivers[0].name,
        groupBy: ['alertname', 'alertname'],
      }),
  ],
  [
    'root continue',
    (s) =>
      ((s.notifications ??= { receivers: [{ name: 'a' }] }).route = {
        receiver: s.notifications.receivers[0].name,
        continue: true,
      }),
  ],
  [
    'regex not RE2',
    (s, r) =>
      ((s.notifications ??= { receivers: [{ name: 'a' }] }).inhibit = [
        { source: [pick(r, ['a=~"(?=x)"', 'a=~"(x)\\\\1"', 'a=~"x++"'])], target: ['b="c"'] },
      ]),
  ],
  [
    'time interval reversed',
    (s, r) =>
      ((s.notifications ??= { receivers: [{ name: 'a' }] }).timeIntervals = [
        {
          name: 't',
          intervals: [
            pick(r, [
              { weekdays: ['saturday:sunday'] },
              { months: ['may:april'] },
              { years: ['2030:2029'] },
              { daysOfMonth: ['31:1'] },
            ]),
          ],
        },
      ]),
  ],
  [
    'time interval out of range',
    (s, r) =>
      ((s.notifications ??= { receivers: [{ name: 'a' }] }).timeIntervals = [
        {
          name: 't',
          intervals: [
            pick(r, [
              { daysOfMonth: ['0'] },
              { daysOfMonth: ['-32'] },
              { months: ['13'] },
              { times: [{ start: '10:00', end: '09:00' }] },
            ]),
          ],
        },
      ]),
  ],
  ['undefined receiver', (s) => ((s.notifications ??= { receivers: [{ name: 'a' }] }).route = { receiver: 'nobody' })],
  [
    'threshold out of range',
    (s) => (s.alerts.packs.business = { service: s.services[0].name, thresholds: { errorRate: 1.5 } }),
  ],
  ['pack unknown service', (s) => (s.alerts.packs.backend = { service: 'no-such-service' })],
];
/** Edits of the YAML text itself. */
export const TEXT_MUTATIONS: Array<[name: string, edit: (text: string, r: Rng) => string]> = [
  ['tab indentation', (t) => t.replace(/\n {2}- name/, '\n\t- name')],
  ['unknown tag', (t) => t.replace(/targets:/, 'targets: !hosts')],
  ['duplicate key', (t) => t.replace(/\nservices:/, '\nproject: again\nservices:')],
  ['unclosed flow sequence', (t) => `${t}extra: [a, b\n`],
  [
    'alias bomb',
    (t) =>
      `${t}${Array.from(
        { length: 8 },
        (_, i) =>
          `x${i}: &a${i} [${
            i === 0
              ? '1,2,3,4,5,6,7,8,9'
              : Array(9)
                  .fill(`*a${i - 1}`)
                  .join(',')
          }]`,
      ).join('\n')}\n`,
  ],
];
