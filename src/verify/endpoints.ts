import { component, type ComponentName, enabledComponents } from '../components/index.js';
import type { Model } from '../model/types.js';
import type { HttpAuth } from '../net/http.js';

/** The reason for components of a stack verified through URLs given on the command line. */
export const NO_URL = 'no URL given for it';

/** Where each component answers, and why one is not checked. */
export interface Endpoints {
  urls: Partial<Record<ComponentName, string>>;
  /** component -> why it was not deployed (its checks are skipped with this reason) */
  absent: Partial<Record<ComponentName, string>>;
  auth?: HttpAuth;
  grafanaAuth?: HttpAuth;
}

/** URLs given on the command line for a stack deployed elsewhere. */
export interface UrlOverrides {
  prometheusUrl?: string;
  alertmanagerUrl?: string;
  grafanaUrl?: string;
  tempoUrl?: string;
}
const OVERRIDES: Partial<Record<ComponentName, keyof UrlOverrides>> = {
  prometheus: 'prometheusUrl',
  alertmanager: 'alertmanagerUrl',
  grafana: 'grafanaUrl',
  tempo: 'tempoUrl',
};

/**
 * Every component of the stack at its URL as seen from this machine (its port published on
 * 127.0.0.1), or a URL given for it; `whyAbsent` is the target's word on what it did not deploy.
 */
export function endpointsFrom(
  model: Model,
  overrides: UrlOverrides,
  whyAbsent: (name: ComponentName) => string | undefined,
): Endpoints {
  const urls: Endpoints['urls'] = {};
  const absent: Endpoints['absent'] = {};
  const explicit = Object.values(overrides).some(Boolean);
  for (const name of enabledComponents(model)) {
    const key = OVERRIDES[name];
    const override = key ? overrides[key] : undefined;
    const why = explicit ? NO_URL : whyAbsent(name);
    if (override) urls[name] = override.replace(/\/+$/, '');
    else if (why) absent[name] = why;
    else urls[name] = `http://127.0.0.1:${component(name).place(model).hostPort}`;
  }
  return { urls, absent };
}
