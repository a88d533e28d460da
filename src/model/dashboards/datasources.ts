import { datasourceUids, TEMPO_EXEMPLAR_LABEL } from '../conventions.js';
import { generatorOn } from '../observability.js';
import type { Model } from '../types.js';

/** A Grafana datasource as provisioned (datasources/mon.yml), before $ is escaped for Grafana. */
export type Datasource = Record<string, unknown> & { name: string; type: string; uid: string; url: string };

/** The datasources Grafana gets: Prometheus always, Alertmanager, Tempo and Loki when they are deployed. */
export function datasources(model: Model): Datasource[] {
  const { prometheus: P, alertmanager: A, tempo: T, loki: L } = datasourceUids;
  const list: Datasource[] = [];
  const promJson: Record<string, unknown> = { httpMethod: 'POST', timeInterval: model.prometheus.scrapeInterval };
  // the exemplar label Tempo's metrics-generator writes: traceIDLabelName defaults to "traceID" in
  // modules/generator/registry/histogram.go (and native_histogram.go) at grafana/tempo v2.8.1 and v3.0.0
  if (model.tempo.enabled) promJson.exemplarTraceIdDestinations = [{ datasourceUid: T, name: TEMPO_EXEMPLAR_LABEL }];
  list.push({
    name: 'Prometheus',
    type: 'prometheus',
    uid: P,
    access: 'proxy',
    url: model.grafana.prometheusUrl,
    isDefault: true,
    editable: false,
    jsonData: promJson,
  });
  if (model.alertmanager.enabled) {
    list.push({
      name: 'Alertmanager',
      type: 'alertmanager',
      uid: A,
      access: 'proxy',
      url: `http://${model.alertmanager.address}`,
      editable: false,
      jsonData: { implementation: 'prometheus', handleGrafanaManagedAlerts: false },
    });
  }
  if (model.tempo.enabled) {
    const tempoJson: Record<string, unknown> = { nodeGraph: { enabled: true }, search: { hide: false } };
    if (generatorOn(model.tempo)) {
      tempoJson.serviceMap = { datasourceUid: P };
      tempoJson.tracesToMetrics = { datasourceUid: P };
    }
    if (model.loki.enabled) tempoJson.tracesToLogsV2 = { datasourceUid: L, filterByTraceID: true };
    list.push({
      name: 'Tempo',
      type: 'tempo',
      uid: T,
      access: 'proxy',
      url: `http://${model.tempo.address}`,
      editable: false,
      jsonData: tempoJson,
    });
  }
  if (model.loki.enabled)
    list.push({
      name: 'Loki',
      type: 'loki',
      uid: L,
      access: 'proxy',
      url: `http://${model.loki.address}`,
      editable: false,
    });
  return list;
}
