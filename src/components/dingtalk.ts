import { files } from '../model/conventions.js';
import { receiverSecrets } from '../receivers/index.js';
import type { ComponentSpec } from './types.js';
import { DINGTALK_TEMPLATE_DIR_IN_CONTAINER, namedTemplates } from '../notify/templates.js';

/**
 * prometheus-webhook-dingtalk: Alertmanager posts to it, it signs and forwards to DingTalk. It
 * reads its secrets inline only, so it runs on the resolved copy of its config (mode 0600).
 */
export const dingtalk = {
  title: 'DingTalk bridge',
  binary: 'dingtalk',
  ports: { http: { specPath: [], local: 18060, container: 8060, what: 'the DingTalk bridge' } },
  readyPath: '/-/ready',
  secretsVia: 'config',
  reads: (f) => f.startsWith('dingtalk/') || f === files.dingtalkResolved,
  secrets: (m) =>
    m.alertmanager.enabled ? m.alertmanager.receivers.flatMap((r) => receiverSecrets(r, 'dingtalk')) : [],
  enabled: (m) => m.dingtalk !== undefined,
  place: (m) => m.dingtalk!,
  flags: (m, at) => [
    `--config.file=${at.config(files.dingtalkResolved)}`,
    `--web.listen-address=${at.listen(m.dingtalk!, true)}`,
  ],
  container: {
    service: 'dingtalk',
    image: () => 'timonwong/prometheus-webhook-dingtalk:v2.1.0',
    // its resolved config is copied in with the secrets (targets/compose/secrets.ts); distroless static:nonroot, no wget
    mounts: [],
    extraMounts: (m) =>
      namedTemplates(m.alertmanager.templates, ['dingtalk']).length
        ? [['dingtalk/templates', DINGTALK_TEMPLATE_DIR_IN_CONTAINER]]
        : [],
  },
} satisfies ComponentSpec;
