import type { KubernetesSpec, ServiceSpec } from '../../spec/types.js';

/** A service scraped through Kubernetes discovery (services[].kubernetes): a ServiceMonitor or PodMonitor. */
export interface KubeScrape {
  kind: 'service' | 'pod';
  selector: Record<string, string>;
  /** the Service's or container's port name */
  port: string;
  /** where the Service or pods are; undefined: the stack's namespace */
  namespace?: string;
}

/** deploy.kubernetes, defaults filled: what the kubernetes target's generator and runtime read. */
export interface KubeModel {
  mode: 'standalone' | 'kube-prometheus-stack';
  namespace: string;
  /** the kube-prometheus-stack Helm release (mode kube-prometheus-stack) */
  release: string;
  /** kubectl --context, when the spec names one */
  context?: string;
  storage?: { size: string; storageClass?: string };
}

export const KUBE_DEFAULTS = { mode: 'standalone', namespace: 'monitoring', release: 'kube-prometheus-stack' } as const;

export function kubeModel(spec: KubernetesSpec | undefined): KubeModel {
  const k = spec ?? {};
  return {
    mode: k.mode ?? KUBE_DEFAULTS.mode,
    namespace: k.namespace ?? KUBE_DEFAULTS.namespace,
    release: k.release ?? KUBE_DEFAULTS.release,
    ...(k.context ? { context: k.context } : {}),
    ...(k.storage ? { storage: { ...k.storage } } : {}),
  };
}

export const kubeScrape = (s: ServiceSpec): KubeScrape | undefined =>
  s.kubernetes
    ? {
        kind: s.kubernetes.kind ?? 'service',
        selector: { ...s.kubernetes.selector },
        port: s.kubernetes.port,
        ...(s.kubernetes.namespace ? { namespace: s.kubernetes.namespace } : {}),
      }
    : undefined;
