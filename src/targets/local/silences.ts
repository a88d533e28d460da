import { component, type ComponentName, componentJobs } from '../../components/index.js';
import { selectors } from '../../consistency/selectors.js';
import type { ComponentState } from '../../deploy/state.js';
import type { AlertRule, Model } from '../../model/types.js';
import { http } from '../../net/http.js';

/**
 * Alerts about a component the spec declares optional and that is not deployed here (TempoDown
 * on a machine without Tempo) would page someone for a choice the spec made. They are silenced
 * in Alertmanager, by name, for as long as the component is absent: every selector of such an
 * alert reads only that component's job or metrics. The silence is Alertmanager's own mechanism,
 * visible in its UI and API, and expired by the next deploy that runs the component.
 */
export function alertsAbout(model: Model, absent: readonly ComponentName[]): string[] {
  const jobs = componentJobs();
  const about = (rule: AlertRule) => {
    const sel = selectors(rule.expr);
    return (
      sel.length > 0 &&
      sel.every((s) =>
        absent.some((c) => (s.job !== undefined && jobs.get(s.job) === c) || component(c).metrics?.test(s.metric)),
      )
    );
  };
  return model.ruleGroups.flatMap((g) =>
    g.rules.filter((r): r is AlertRule => r.kind === 'alert' && about(r)).map((r) => r.alert),
  );
}

const YEAR_MS = 365 * 24 * 3600 * 1000;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces mon's silence for absent optional components (or expires it); returns its id. */
export async function silenceAbsent(
  am: ComponentState,
  model: Model,
  absent: readonly ComponentName[],
  previous?: string,
): Promise<{ id?: string; alerts: string[] }> {
  const base = new URL('/', am.readyUrl!).href.replace(/\/$/, '');
  if (previous) await http(`${base}/api/v2/silence/${previous}`, { method: 'DELETE', timeoutMs: 5000 });
  const alerts = alertsAbout(model, absent);
  if (!alerts.length) return { alerts };
  const now = new Date();
  const body = {
    matchers: [{ name: 'alertname', value: alerts.map(escape).join('|'), isRegex: true, isEqual: true }],
    startsAt: now.toISOString(),
    endsAt: new Date(now.getTime() + YEAR_MS).toISOString(),
    createdBy: 'mon',
    comment: `mon: ${absent.join(', ')} ${absent.length > 1 ? 'are' : 'is'} optional (deploy.optional) and not deployed here`,
  };
  const r = await http(`${base}/api/v2/silences`, {
    method: 'POST',
    contentType: 'application/json',
    body: JSON.stringify(body),
    timeoutMs: 5000,
  });
  const id = r.ok ? (JSON.parse(r.text) as { silenceID?: string }).silenceID : undefined;
  return { ...(id ? { id } : {}), alerts };
}
