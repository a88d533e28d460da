import { toYaml } from '../../artifacts/serialize.js';
import { files, generatedHeader, secretPlaceholder } from '../../model/conventions.js';
import type { Generator } from '../types.js';

/**
 * The prometheus-webhook-dingtalk bridge's config: one target per DingTalk receiver. The bridge
 * reads its robot URL and signing secret inline only, so this file holds placeholders; `mon
 * deploy` writes the resolved copy (mode 0600) into the stack directory.
 */
export const dingtalkGenerator: Generator = {
  name: 'dingtalk',
  generate: (model) => {
    const receivers = model.alertmanager.receivers.filter((r) => r.dingtalk);
    if (!model.dingtalk || !receivers.length) return [];
    const targets = Object.fromEntries(
      receivers.map((r) => [
        r.name,
        {
          url: secretPlaceholder(r.dingtalk!.url),
          ...(r.dingtalk!.secret ? { secret: secretPlaceholder(r.dingtalk!.secret) } : {}),
        },
      ]),
    );
    const header = `${generatedHeader(model.specName)}\n# Secret values are placeholders: \`mon deploy\` writes the resolved file into the stack (mode 0600).`;
    return [{ path: files.dingtalkConfig, content: toYaml({ timeout: '5s', targets }, header) }];
  },
};
