import type { DashboardPreset } from '../../../spec/types.js';
import type { Model } from '../../types.js';
import type { DashboardPlan } from '../plan.js';
import { backendMonitoring } from './backend.js';
import { customDashboard } from './custom.js';
import { alerts, apiOverview, systemResources, tracing } from './others.js';
import { sloDashboard } from '../../../slo/dashboard.js';

/** A preset's plan, or why it would be empty here (then it is not generated, and validate warns). */
export type PresetResult = DashboardPlan | { empty: string };

const PRESETS: Record<DashboardPreset, (m: Model) => PresetResult> = {
  'backend-monitoring': backendMonitoring,
  'api-overview': apiOverview,
  'system-resources': systemResources,
  tracing,
  alerts,
  slo: sloDashboard,
};

/** Every dashboard of the model, as plans: the presets that apply, then the custom ones. */
export function dashboardPlans(model: Model): Pick<Model['dashboards'], 'plans' | 'empty'> {
  const plans: DashboardPlan[] = [];
  const empty: Model['dashboards']['empty'] = [];
  for (const preset of model.dashboards.presets) {
    const r = PRESETS[preset](model);
    if ('empty' in r) empty.push({ preset, why: r.empty });
    else plans.push(r);
  }
  return { plans: [...plans, ...model.dashboards.custom.map(customDashboard)], empty };
}
