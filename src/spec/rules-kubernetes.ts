import { dnsName } from '../targets/kubernetes/conventions.js';
import { rule, type SpecRule } from './rule.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]):/;

/** The kubernetes target (deploy.target: kubernetes): what works differently inside a cluster. */
export const kubernetesRules: readonly SpecRule[] = [
  rule('kubernetes-job-names-distinct', ({ spec }, r) => {
    if (spec.deploy?.target !== 'kubernetes') return;
    const seen = new Map<string, string>();
    spec.services.forEach((s, i) => {
      const job = s.job ?? s.name;
      const name = dnsName(job);
      const other = seen.get(name);
      if (other !== undefined && other !== job)
        r.report(
          ['services', i, s.job ? 'job' : 'name'],
          `job "${job}" and job "${other}" are both the resource "${name}" on Kubernetes`,
          {
            hint: 'rename one: resource names keep only lower-case letters, digits and -',
          },
        );
      else seen.set(name, job);
    });
  }),

  rule('kubernetes-loopback-targets', ({ spec }, r) => {
    if (spec.deploy?.target !== 'kubernetes') return;
    spec.services.forEach((s, i) => {
      if (s.kubernetes) return;
      s.targets.forEach((t, j) => {
        if (LOOPBACK.test(t))
          r.warn(['services', i, 'targets', j], `${t} is the Prometheus pod itself on Kubernetes`, {
            hint: 'give a cluster address (service.namespace.svc:port) or `kubernetes: {selector: {...}, port: <name>}`',
          });
      });
    });
  }),

  rule('kubernetes-not-deployed-there', ({ spec }, r) => {
    if (spec.deploy?.target !== 'kubernetes') return;
    if (spec.loki && spec.loki.enabled !== false)
      r.warn(
        ['loki'],
        'mon does not deploy Loki on Kubernetes yet: its Grafana datasource points at the Service loki:3100',
        {
          key: true,
        },
      );
    (spec.notifications?.receivers ?? []).forEach((x, i) => {
      if (x.dingtalk)
        r.warn(
          ['notifications', 'receivers', i, 'dingtalk'],
          'mon does not deploy the DingTalk bridge on Kubernetes yet',
          {
            key: true,
          },
        );
    });
  }),
];
