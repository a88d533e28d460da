import type { Model } from '../../types.js';
import type { DashboardPreset } from '../../../spec/types.js';
import type { DashboardPlan } from '../plan.js';
import { backendMonitoring } from './backend.js';
import { customDashboard } from './custom.js';
import { alerts, apiOverview, systemResources, tracing } from './others.js';

const PRESETS: Record<DashboardPreset, (m: Model) => DashboardPlan> = {
  'backend-monitoring': backendMonitoring,
  'api-overview': apiOverview,
  'system-resources': systemResources,
  tracing,
  alerts,
};

/** Every dashboard of the model, as plans: the presets, then the custom ones. */
export const dashboardPlans = (model: Model): DashboardPlan[] => [...model.dashboards.presets.map((p) => PRESETS[p](model)), ...model.dashboards.custom.map(customDashboard)];
