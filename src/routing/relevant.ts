import type { Route } from '../model/types.js';

/** Every label name a matcher of the routing tree reads: only these decide where an alert goes. */
export function routingLabelNames(route: Route): Set<string> {
  const names = new Set<string>();
  const visit = (r: Route) => {
    for (const m of r.matchers) names.add(m.name);
    r.routes.forEach(visit);
  };
  visit(route);
  return names;
}

/**
 * The labels of an alert that routing reads (the rest cannot change its receivers: a matcher on an
 * absent label sees the empty value either way), so alerts with the same projection route alike.
 */
export function routingProjection(labels: Record<string, string>, names: Set<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(labels).sort()) if (names.has(k)) out[k] = labels[k]!;
  return out;
}
