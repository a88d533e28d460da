import type { Secret } from '../model/types.js';
import { secret as ref } from '../model/secret.js';
import { RECEIVER_SINCE } from '../model/versions.js';
import type { ReceiverSpec } from '../spec/types.js';
import type { ReceiverKind } from './types.js';

/**
 * The Alertmanager receivers added since 0.28, one entry each: spec -> model, model -> the
 * `<kind>_configs` entry, and the secrets it reads. Every secret is written as a `*_file` field.
 * Field names follow the upstream config structs at v0.35.0: notify/msteamsv2/config.go,
 * notify/jira/config.go, notify/rocketchat/config.go, notify/incidentio/config.go,
 * notify/mattermost/config.go (and config/config.go's checks: Jira needs api_url, Rocket.Chat a
 * token and token id, incident.io a url and a token or authorization).
 */
const opt = <T>(key: string, v: T | undefined) => (v === undefined ? {} : { [key]: v });
type File = (s: Secret) => string;

/** One newer kind, in the receiver table's terms: its config entry and whose secrets it carries. */
function kind<K extends keyof ReceiverSpec, M>(k: {
  key: K;
  since: string;
  model: (spec: NonNullable<ReceiverSpec[K]>) => M;
  config: (m: M, file: File) => Record<string, unknown>;
  secrets: (m: M) => Secret[];
}) {
  return {
    since: k.since,
    model: (s: NonNullable<ReceiverSpec[K]>) => k.model(s),
    alertmanager: (m: M, ctx: { secretFile: File; name: string }) => ({
      key: `${k.key}_configs`,
      config: k.config(m, ctx.secretFile),
    }),
    secrets: (m: M) => ({ alertmanager: k.secrets(m) }),
  };
}

export const NEWER_RECEIVERS = {
  msteamsv2: kind({
    key: 'msteamsv2',
    since: RECEIVER_SINCE.msteamsv2,
    model: (s: NonNullable<ReceiverSpec['msteamsv2']>) => ({
      webhookUrl: ref(s.webhookUrl),
      title: s.title,
      text: s.text,
      sendResolved: s.sendResolved ?? true,
    }),
    config: (m, file) => ({
      webhook_url_file: file(m.webhookUrl),
      send_resolved: m.sendResolved,
      ...opt('title', m.title),
      ...opt('text', m.text),
    }),
    secrets: (m) => [m.webhookUrl],
  }),
  jira: kind({
    key: 'jira',
    since: RECEIVER_SINCE.jira,
    model: (s: NonNullable<ReceiverSpec['jira']>) => ({
      ...s,
      password: s.password && ref(s.password),
      token: s.token && ref(s.token),
      sendResolved: s.sendResolved ?? true,
    }),
    config: (m, file) => ({
      api_url: m.apiUrl,
      project: m.project,
      issue_type: m.issueType,
      send_resolved: m.sendResolved,
      ...opt('priority', m.priority),
      ...opt('labels', m.labels),
      ...opt('summary', m.summary),
      ...opt('description', m.description),
      ...(m.username && m.password
        ? { http_config: { basic_auth: { username: m.username, password_file: file(m.password) } } }
        : {}),
      ...(m.token ? { http_config: { authorization: { type: 'Bearer', credentials_file: file(m.token) } } } : {}),
    }),
    secrets: (m) => [m.password, m.token].filter((s): s is Secret => s !== undefined),
  }),
  rocketchat: kind({
    key: 'rocketchat',
    since: RECEIVER_SINCE.rocketchat,
    model: (s: NonNullable<ReceiverSpec['rocketchat']>) => ({
      apiUrl: s.apiUrl,
      channel: s.channel,
      tokenId: ref(s.tokenId),
      token: ref(s.token),
      sendResolved: s.sendResolved ?? true,
    }),
    config: (m, file) => ({
      ...opt('api_url', m.apiUrl),
      ...opt('channel', m.channel),
      token_id_file: file(m.tokenId),
      token_file: file(m.token),
      send_resolved: m.sendResolved,
    }),
    secrets: (m) => [m.tokenId, m.token],
  }),
  incidentio: kind({
    key: 'incidentio',
    since: RECEIVER_SINCE.incidentio,
    model: (s: NonNullable<ReceiverSpec['incidentio']>) => ({
      url: ref(s.url),
      alertSourceToken: ref(s.alertSourceToken),
      maxAlerts: s.maxAlerts,
      sendResolved: s.sendResolved ?? true,
    }),
    config: (m, file) => ({
      url_file: file(m.url),
      alert_source_token_file: file(m.alertSourceToken),
      send_resolved: m.sendResolved,
      ...opt('max_alerts', m.maxAlerts),
    }),
    secrets: (m) => [m.url, m.alertSourceToken],
  }),
  mattermost: kind({
    key: 'mattermost',
    since: RECEIVER_SINCE.mattermost,
    model: (s: NonNullable<ReceiverSpec['mattermost']>) => ({
      webhookUrl: ref(s.webhookUrl),
      channel: s.channel,
      username: s.username,
      text: s.text,
      sendResolved: s.sendResolved ?? true,
    }),
    config: (m, file) => ({
      webhook_url_file: file(m.webhookUrl),
      send_resolved: m.sendResolved,
      ...opt('channel', m.channel),
      ...opt('username', m.username),
      ...opt('text', m.text),
    }),
    secrets: (m) => [m.webhookUrl],
  }),
};

export type { ReceiverKind };
