import { files } from '../../model/conventions.js';
import type { Model } from '../../model/types.js';
import { componentSecrets } from '../../components/index.js';
import { secretKey } from '../../model/secret.js';
import type { SecretSource } from '../../secrets/resolve.js';
import type { Artifact } from '../../artifacts/types.js';
import {
  ALERTMANAGER_CONFIG_KEY,
  ALERTMANAGER_CONFIG_SECRET,
  commonLabels,
  kube,
  SECRETS_SECRET,
  secretKeyOf,
  usernameKey,
} from './conventions.js';
import { alertmanagerSecrets, remoteWriteAuthName } from './resources.js';

interface SecretManifest {
  apiVersion: 'v1';
  kind: 'Secret';
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  type: 'Opaque';
  data: Record<string, string>;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/**
 * The Secrets `mon deploy` creates at apply time, never written to the output tree: mon-secrets
 * (every `{env}`/`{file}` reference by its key, and the basic-auth usernames the ScrapeConfig CRD
 * takes only from a Secret) and the Alertmanager config Secret (the generated alertmanager.yml,
 * which holds `*_file` references only). `missing` names references without a value (never a value).
 */
export function deploySecrets(
  model: Model,
  artifacts: Artifact[],
  source: SecretSource,
): { manifests: SecretManifest[]; missing: string[] } {
  const missing: string[] = [];
  const data: Record<string, string> = {};
  for (const ref of kubeSecretRefs(model)) {
    const value = ref.kind === 'env' ? source.env[ref.name] : source.readFile(ref.path);
    if (value === undefined || value === '') missing.push(ref.kind === 'env' ? `env:${ref.name}` : `file:${ref.path}`);
    else data[secretKeyOf(ref)] = b64(value);
  }
  for (const j of model.jobs) if (j.auth?.kind === 'basic') data[usernameKey(j.name)] = b64(j.auth.username);
  model.prometheus.remoteWrite.forEach((w, i) => {
    if (w.auth?.kind === 'basic') data[usernameKey(remoteWriteAuthName(w, i))] = b64(w.auth.username);
  });
  const meta = (name: string) => ({ name, namespace: kube(model).namespace, labels: commonLabels(model) });
  const sorted = Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : 1)));
  const manifests: SecretManifest[] = [
    { apiVersion: 'v1', kind: 'Secret', metadata: meta(SECRETS_SECRET), type: 'Opaque', data: sorted },
  ];
  const am = artifacts.find((a) => a.path === files.alertmanagerConfig);
  if (model.alertmanager.enabled && am)
    manifests.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta(ALERTMANAGER_CONFIG_SECRET),
      type: 'Opaque',
      data: { [ALERTMANAGER_CONFIG_KEY]: b64(am.content) },
    });
  return { manifests, missing };
}

/**
 * The references the components mon runs on Kubernetes read: Prometheus's (through the scrape
 * resources), Alertmanager's receivers, Tempo's S3 keys. Grafana and the DingTalk bridge are not
 * deployed there, so their secrets are not asked for.
 */
export function kubeSecretRefs(model: Model) {
  const c = componentSecrets(model);
  const seen = new Set<string>();
  return [...c.prometheus, ...alertmanagerSecrets(model), ...c.alertmanager, ...c.tempo].filter((s) =>
    seen.has(secretKey(s)) ? false : (seen.add(secretKey(s)), true),
  );
}
