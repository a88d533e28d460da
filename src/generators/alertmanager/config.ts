import { toYaml } from '../../artifacts/serialize.js';
import { files, generatedHeader } from '../../model/conventions.js';
import type { Alertmanager, Model, Route } from '../../model/types.js';
import { receiverConfig } from '../../receivers/index.js';
import { placementOf } from '../../targets/index.js';
import { formatMatcher } from '../../routing/matchers.js';
import type { Generator } from '../types.js';
import { namedTemplates, TEMPLATE_FILE, TEMPLATE_GLOB, templateFile } from '../../notify/templates.js';
import { AM_KINDS } from '../../notify/templates.js';

function route(r: Route, root: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { receiver: r.receiver };
  if (!root && r.matchers.length) out.matchers = r.matchers.map(formatMatcher);
  if (r.groupBy) out.group_by = r.groupBy;
  if (r.groupWait) out.group_wait = r.groupWait;
  if (r.groupInterval) out.group_interval = r.groupInterval;
  if (r.repeatInterval) out.repeat_interval = r.repeatInterval;
  if (r.continue) out.continue = true;
  if (r.muteTimeIntervals.length) out.mute_time_intervals = r.muteTimeIntervals;
  if (r.activeTimeIntervals.length) out.active_time_intervals = r.activeTimeIntervals;
  if (r.routes.length) out.routes = r.routes.map((c) => route(c, false));
  return out;
}

export function alertmanagerConfig(am: Alertmanager, model: Model): Record<string, unknown> {
  const config: Record<string, unknown> = {
    global: { resolve_timeout: am.resolveTimeout },
    route: route(am.route, true),
    receivers: am.receivers.map((r) => receiverConfig(r, { model, secretFile: placementOf(model).secretFile })),
  };
  if (namedTemplates(am.templates, AM_KINDS).length) config.templates = [TEMPLATE_GLOB];
  if (am.inhibit.length) {
    config.inhibit_rules = am.inhibit.map((i) => ({
      source_matchers: i.source.map(formatMatcher),
      target_matchers: i.target.map(formatMatcher),
      ...(i.equal.length ? { equal: i.equal } : {}),
    }));
  }
  if (am.timeIntervals.length) {
    config.time_intervals = am.timeIntervals.map((t) => ({
      name: t.name,
      time_intervals: t.intervals.map((i) => {
        const o: Record<string, unknown> = {};
        if (i.times) o.times = i.times.map((x) => ({ start_time: x.start, end_time: x.end }));
        if (i.weekdays) o.weekdays = i.weekdays;
        if (i.daysOfMonth) o.days_of_month = i.daysOfMonth;
        if (i.months) o.months = i.months;
        if (i.years) o.years = i.years;
        if (t.location) o.location = t.location;
        return o;
      }),
    }));
  }
  return config;
}

export const alertmanagerGenerator: Generator = {
  name: 'alertmanager',
  generate: (model) =>
    model.alertmanager.enabled
      ? [
          {
            path: files.alertmanagerConfig,
            content: toYaml(alertmanagerConfig(model.alertmanager, model), generatedHeader(model.specName)),
          },
          ...(namedTemplates(model.alertmanager.templates, AM_KINDS).length
            ? [
                {
                  path: TEMPLATE_FILE,
                  content: templateFile(
                    generatedHeader(model.specName),
                    namedTemplates(model.alertmanager.templates, AM_KINDS),
                  ),
                },
              ]
            : []),
        ]
      : [],
};
