import { findBinary } from '../../src/tools/binaries.js';

/**
 * The two version lines the e2e suite runs against: Debian's packages (Prometheus 2.42,
 * Alertmanager 0.25) and the current releases built by scripts/build-go-tools.sh (3.16, 0.35).
 * A test picks a line with MON_PROMETHEUS_VERSION / MON_ALERTMANAGER_VERSION, as a user can. A line
 * whose binaries are missing fails the test that needs it, saying how to get them: never skipped.
 */
export interface VersionLine {
  name: string;
  prometheus: string;
  alertmanager: string;
  env: Record<string, string>;
}

const line = (prometheus: string, alertmanager: string, where: string): VersionLine => ({
  name: `Prometheus ${prometheus} / Alertmanager ${alertmanager} (${where})`,
  prometheus,
  alertmanager,
  env: { MON_PROMETHEUS_VERSION: prometheus, MON_ALERTMANAGER_VERSION: alertmanager },
});

export const LINES: VersionLine[] = [
  line('2.42', '0.25', "Debian's packages"),
  line('3.16', '0.35', 'built from the Go module proxy'),
];

/** The binaries of the line, or an error that says which is missing and how to install it. */
export function requireLine(l: VersionLine): void {
  const missing: string[] = [];
  for (const [tool, selector] of [
    ['prometheus', l.prometheus],
    ['promtool', l.prometheus],
    ['alertmanager', l.alertmanager],
    ['amtool', l.alertmanager],
  ] as const) {
    const found = findBinary(tool, selector);
    if (!found.path) missing.push(`${tool} ${selector}: ${found.install}`);
  }
  if (missing.length)
    throw new Error(
      `version line ${l.name} is not installed (run bash scripts/install-tools.sh):\n${missing.join('\n')}`,
    );
}
