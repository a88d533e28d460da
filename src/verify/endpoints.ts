import type { ComponentName } from '../deploy/components.js';
import type { StackState } from '../deploy/state.js';
import type { Model } from '../model/types.js';
import type { HttpAuth } from './http.js';

/** Where each component answers, and why one is not checked. */
export interface Endpoints {
  urls: Partial<Record<ComponentName, string>>;
  /** component -> why it was not deployed (its checks are skipped with this reason) */
  absent: Partial<Record<ComponentName, string>>;
  auth?: HttpAuth;
  grafanaAuth?: HttpAuth;
}

export interface UrlOverrides {
  prometheusUrl?: string;
  alertmanagerUrl?: string;
  grafanaUrl?: string;
  tempoUrl?: string;
}

/** The URL of a component as seen from this machine: published ports on 127.0.0.1 for Compose. */
const local = (hostPort: number) => `http://127.0.0.1:${hostPort}`;

export function endpointsFor(model: Model, state: StackState | undefined, overrides: UrlOverrides): Endpoints {
  const urls: Endpoints['urls'] = {};
  const absent: Endpoints['absent'] = {};
  const explicit = Object.values(overrides).some(Boolean);
  const want = (name: ComponentName, enabled: boolean, url: string, override?: string) => {
    if (!enabled) return;
    if (override) urls[name] = override.replace(/\/+$/, '');
    else if (explicit) absent[name] = 'no URL given for it';
    else {
      const c = state?.components[name];
      if (state?.target === 'local' && c && c.status !== 'running') absent[name] = c.reason ? `not deployed: ${c.reason}` : `not running (${c.status})`;
      else if (state?.target === 'local' && !c) absent[name] = 'not deployed';
      else urls[name] = url;
    }
  };
  want('prometheus', true, local(model.prometheus.hostPort), overrides.prometheusUrl);
  want('alertmanager', model.alertmanager.enabled, local(model.alertmanager.hostPort), overrides.alertmanagerUrl);
  want('node_exporter', model.nodeExporter.enabled, local(model.nodeExporter.hostPort));
  want('tempo', model.tempo.enabled, local(model.tempo.hostPorts.http), overrides.tempoUrl);
  want('grafana', model.grafana.enabled, local(model.grafana.hostPort), overrides.grafanaUrl);
  want('loki', model.loki.enabled, local(model.loki.hostPort));
  if (model.dingtalk) want('dingtalk', true, local(model.dingtalk.hostPort));
  return { urls, absent };
}
