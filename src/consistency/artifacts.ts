import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import type { Artifact } from '../artifacts/types.js';
import { datasourceUids, files, remoteWriteUrl } from '../model/conventions.js';
import type { Model } from '../model/types.js';
import type { Diagnostic } from '../spec/diagnostics.js';
import { promqlOfPanel } from '../spec/grafana-vars.js';
import { checkPromql } from '../spec/promql.js';
import { promqlVersion } from '../promql/dialect.js';
import { lokiSchema } from '../generators/loki/schema.js';
import { TEMPO_OTHER_VERSION_KEYS, tempoSchema } from './tempo-schema.js';

type Json = Record<string, unknown>;
interface Panel {
  id?: number;
  type?: string;
  title?: string;
  gridPos?: { x: number; y: number; w: number; h: number };
  datasource?: { uid?: string };
  targets?: Array<{ refId?: string; expr?: string; datasource?: { uid?: string } }>;
}

/**
 * Structural and cross-component checks of the generated files, for the parts no tool here can
 * load (Grafana and Tempo): every datasource uid referenced exists, every dashboard query parses,
 * dashboards have their essentials, Tempo's and Loki's keys are ones they know, and the wiring between
 * Tempo, Prometheus and Grafana holds.
 */
export function artifactProblems(artifacts: Artifact[], model: Model): Diagnostic[] {
  const out: Diagnostic[] = [];
  const problem = (file: string, path: string, message: string) => out.push({ severity: 'error', file, path, message });
  const byPath = new Map(artifacts.map((a) => [a.path, a.content]));

  const dsText = byPath.get(files.grafanaDatasources);
  const datasources = dsText ? ((parseYaml(dsText) as { datasources: Json[] }).datasources ?? []) : [];
  const uids = new Map(datasources.map((d) => [String(d.uid), d]));
  const refer = (file: string, path: string, uid: unknown) => {
    if (typeof uid !== 'string' || !uids.has(uid))
      problem(
        file,
        path,
        `datasource uid ${JSON.stringify(uid)} does not exist (datasources: ${[...uids.keys()].join(', ') || 'none'})`,
      );
  };
  datasources.forEach((d, i) => {
    const j = (d.jsonData ?? {}) as Json;
    for (const key of ['serviceMap', 'tracesToMetrics', 'tracesToLogsV2'] as const) {
      if (j[key])
        refer(
          files.grafanaDatasources,
          `datasources[${i}].jsonData.${key}.datasourceUid`,
          (j[key] as Json).datasourceUid,
        );
    }
    ((j.exemplarTraceIdDestinations as Json[] | undefined) ?? []).forEach((e, k) =>
      refer(
        files.grafanaDatasources,
        `datasources[${i}].jsonData.exemplarTraceIdDestinations[${k}].datasourceUid`,
        e.datasourceUid,
      ),
    );
  });
  if (datasources.filter((d) => d.isDefault).length > 1)
    problem(files.grafanaDatasources, 'datasources', 'more than one datasource is the default');

  for (const a of artifacts.filter((x) => x.path.startsWith('grafana/dashboards/'))) {
    const d = JSON.parse(a.content) as Json & { panels?: Panel[]; templating?: { list?: Json[] } };
    for (const key of ['uid', 'title', 'schemaVersion', 'panels', 'time', 'templating'] as const)
      if (d[key] === undefined) problem(a.path, key, `dashboard has no ${key}`);
    if (typeof d.uid === 'string' && !/^[a-zA-Z0-9_-]{1,40}$/.test(d.uid))
      problem(a.path, 'uid', `uid "${d.uid}" is not 1 to 40 letters, digits, '-' or '_'`);
    const ids = new Set<number>();
    (d.panels ?? []).forEach((p, i) => {
      const at = `panels[${i}]`;
      if (typeof p.id !== 'number' || p.id < 1) problem(a.path, `${at}.id`, `panel "${p.title}" has no positive id`);
      else if (ids.has(p.id)) problem(a.path, `${at}.id`, `panel id ${p.id} is used twice`);
      else ids.add(p.id);
      const g = p.gridPos;
      if (!g || g.x < 0 || g.w < 1 || g.x + g.w > 24 || g.h < 1)
        problem(a.path, `${at}.gridPos`, `panel "${p.title}" has no valid gridPos (24 columns)`);
      if (p.type === 'row') return;
      refer(a.path, `${at}.datasource.uid`, p.datasource?.uid);
      if (!p.targets?.length) problem(a.path, `${at}.targets`, `panel "${p.title}" has no query`);
      const refIds = new Set<string>();
      (p.targets ?? []).forEach((t, k) => {
        if (!t.refId || refIds.has(t.refId))
          problem(
            a.path,
            `${at}.targets[${k}].refId`,
            `panel "${p.title}": refId ${JSON.stringify(t.refId)} is missing or repeated`,
          );
        else refIds.add(t.refId);
        const uid = t.datasource?.uid ?? p.datasource?.uid;
        if (t.datasource) refer(a.path, `${at}.targets[${k}].datasource.uid`, t.datasource.uid);
        if (t.expr !== undefined && uids.get(String(uid))?.type === 'prometheus') {
          const bad = checkPromql(promqlOfPanel(t.expr), {
            prometheus: promqlVersion(model.prometheus.version.major),
            as: 'query',
          });
          if (bad) problem(a.path, `${at}.targets[${k}].expr`, `panel "${p.title}": ${bad.message}`);
        }
      });
    });
    (d.templating?.list ?? []).forEach((v, i) => {
      if (v.datasource) refer(a.path, `templating.list[${i}].datasource.uid`, (v.datasource as Json).uid);
    });
  }

  const tempoText = byPath.get(files.tempoConfig);
  if (tempoText) {
    const tempo = parseYaml(tempoText) as Json;
    const version = model.tempo.version;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(tempoSchema(version));
    if (!validate(tempo)) {
      for (const e of validate.errors ?? []) {
        const key = e.keyword === 'additionalProperties' ? String((e.params as Json).additionalProperty) : undefined;
        if (!e.instancePath && key && TEMPO_OTHER_VERSION_KEYS[version][key]) continue; // said below, in words
        problem(
          files.tempoConfig,
          e.instancePath.slice(1).replace(/\//g, '.') || '(top)',
          `${e.message}${key ? ` "${key}"` : ''}`,
        );
      }
    }
    const writes =
      (((tempo.metrics_generator as Json | undefined)?.storage as Json | undefined)?.remote_write as
        Json[] | undefined) ?? [];
    for (const [i, w] of writes.entries()) {
      const at = `metrics_generator.storage.remote_write[${i}].url`;
      if (w.url !== remoteWriteUrl(model.prometheus.address))
        problem(
          files.tempoConfig,
          at,
          `writes to ${String(w.url)}, not to this stack's Prometheus (${remoteWriteUrl(model.prometheus.address)})`,
        );
      else if (!model.prometheus.remoteWriteReceiver)
        problem(
          files.tempoConfig,
          at,
          'Prometheus runs without --web.enable-remote-write-receiver: these writes would get 404s and no service graph would appear',
        );
    }
    for (const [key, why] of Object.entries(TEMPO_OTHER_VERSION_KEYS[version]))
      if (tempo[key] !== undefined) problem(files.tempoConfig, key, why);
  }

  const lokiText = byPath.get(files.lokiConfig);
  if (lokiText) {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(lokiSchema);
    if (!validate(parseYaml(lokiText))) {
      for (const e of validate.errors ?? []) {
        const key = e.keyword === 'additionalProperties' ? ` "${String((e.params as Json).additionalProperty)}"` : '';
        problem(files.lokiConfig, e.instancePath.slice(1).replace(/\//g, '.') || '(top)', `${e.message}${key}`);
      }
    }
  }
  const lokiDs = datasources.find((d) => d.uid === datasourceUids.loki);
  if (lokiDs && lokiDs.url !== `http://${model.loki.address}`)
    problem(
      files.grafanaDatasources,
      'Loki.url',
      `Grafana reads Loki at ${String(lokiDs.url)}, not where this stack runs it (http://${model.loki.address})`,
    );

  const tempoDs = datasources.find((d) => d.uid === datasourceUids.tempo);
  const serviceMap = ((tempoDs?.jsonData as Json | undefined)?.serviceMap as Json | undefined)?.datasourceUid;
  if (tempoDs && serviceMap !== undefined) {
    const target = uids.get(String(serviceMap));
    if (target && target.type !== 'prometheus')
      problem(
        files.grafanaDatasources,
        'Tempo.jsonData.serviceMap',
        `the service map reads from ${String(serviceMap)}, which is not a Prometheus datasource`,
      );
    else if (target && target.url !== model.grafana.prometheusUrl) {
      problem(
        files.grafanaDatasources,
        'Tempo.jsonData.serviceMap',
        `the service map reads ${String(target.url)}, not the Prometheus Tempo writes to (${model.grafana.prometheusUrl})`,
      );
    }
  }
  return out;
}
