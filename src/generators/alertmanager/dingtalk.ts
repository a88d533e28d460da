import { toYaml } from '../../artifacts/serialize.js';
import { files, generatedHeader, secretPlaceholder } from '../../model/conventions.js';
import type { Generator } from '../types.js';
import {
  DINGTALK_TEMPLATE_DIR_IN_CONTAINER,
  DINGTALK_TEMPLATE_FILE,
  namedTemplates,
  templateFile,
  templateFor,
} from '../../notify/templates.js';

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
    const t = model.alertmanager.templates;
    const named = namedTemplates(t, ['dingtalk']);
    const targets = Object.fromEntries(
      receivers.map((r) => [
        r.name,
        {
          url: secretPlaceholder(r.dingtalk!.url),
          ...(r.dingtalk!.secret ? { secret: secretPlaceholder(r.dingtalk!.secret) } : {}),
          ...(named.length
            ? {
                message: {
                  ...(templateFor(t, 'dingtalk', 'title') ? { title: templateFor(t, 'dingtalk', 'title') } : {}),
                  ...(templateFor(t, 'dingtalk', 'text') ? { text: templateFor(t, 'dingtalk', 'text') } : {}),
                },
              }
            : {}),
        },
      ]),
    );
    const header = `${generatedHeader(model.specName)}\n# Secret values are placeholders: \`mon deploy\` writes the resolved file into the stack (mode 0600).`;
    // prometheus-webhook-dingtalk v2 config: `templates:` (paths, from its working directory: the config tree on the
    // local target; in Compose, where the container mounts them) and each target's message.title/text (config/config.go)
    const config = named.length
      ? {
          timeout: '5s',
          templates: [
            model.target === 'compose' ? `${DINGTALK_TEMPLATE_DIR_IN_CONTAINER}/mon.tmpl` : DINGTALK_TEMPLATE_FILE,
          ],
          targets,
        }
      : { timeout: '5s', targets };
    return [
      { path: files.dingtalkConfig, content: toYaml(config, header) },
      ...(named.length
        ? [{ path: DINGTALK_TEMPLATE_FILE, content: templateFile(generatedHeader(model.specName), named) }]
        : []),
    ];
  },
};
