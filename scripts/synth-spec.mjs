#!/usr/bin/env node
// Writes a synthetic monitoring.yaml with N services (for the benchmark): every service has two
// targets, a label, and two custom rules; the backend and system packs are on. With --tests,
// every custom rule has a `test:` block, and the rules go in groups of ten.
// Usage: node scripts/synth-spec.mjs N [--tests] > spec.yaml
const n = Number(process.argv[2] ?? 100);
const withTests = process.argv.includes('--tests');
if (!Number.isInteger(n) || n < 1) {
  console.error('usage: synth-spec.mjs N (a positive whole number)');
  process.exit(2);
}
const lines = ['apiVersion: mon/v1', `project: synth${n}`, 'prometheus:', '  scrapeInterval: 30s', 'services:'];
for (let i = 0; i < n; i++) {
  lines.push(
    `  - name: svc-${i}`,
    `    runtime: ${i % 2 ? 'python' : 'go'}`,
    `    targets: ["10.${(i >> 8) & 255}.${i & 255}.1:8080", "10.${(i >> 8) & 255}.${i & 255}.2:8080"]`,
    `    labels: {team: team-${i % 17}}`,
  );
}
lines.push('alerts:', '  packs:', '    backend: {service: svc-1}', '    system: {}', '  rules:');
for (let i = 0; i < n; i++) {
  lines.push(
    ...(withTests
      ? [`    - group: g${Math.floor(i / 5)}`, `      alert: Svc${i}HighErrorRate`]
      : [`    - alert: Svc${i}HighErrorRate`]),
    `      expr: sum(rate(http_requests_total{job="svc-${i}",status=~"5.."}[5m])) / sum(rate(http_requests_total{job="svc-${i}"}[5m])) > 0.05`,
    '      for: 5m',
    '      severity: critical',
    `      summary: svc-${i} error rate above 5%`,
    ...(withTests
      ? [
          '      test:',
          `        series: [{series: 'http_requests_total{job="svc-${i}",status="500"}', values: '0+60x10'}, {series: 'http_requests_total{job="svc-${i}",status="200"}', values: '0+60x10'}]`,
          `        expect: [{at: 4m, alerts: []}, {at: 7m, alerts: [{annotations: {summary: svc-${i} error rate above 5%}}]}]`,
        ]
      : []),
    ...(withTests ? [`    - group: g${Math.floor(i / 5)}`, `      alert: Svc${i}Down`] : [`    - alert: Svc${i}Down`]),
    `      expr: up{job="svc-${i}"} == 0`,
    '      for: 1m',
    ...(withTests
      ? [
          '      test:',
          `        series: [{series: 'up{job="svc-${i}",instance="a"}', values: '0x5'}]`,
          `        expect: [{at: 1m, alerts: [{labels: {job: svc-${i}, instance: a}}]}]`,
        ]
      : []),
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
