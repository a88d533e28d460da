import type { Artifact } from '../artifacts/types.js';
import type { ComponentName } from '../components/index.js';
import type { Layout } from '../components/types.js';
import type { StackState } from '../deploy/state.js';
import type { Generator } from '../generators/types.js';
import type { Place } from '../model/placement.js';
import type { Model, Secret } from '../model/types.js';
import type { CheckResult } from '../report/checks.js';
import type { Diagnostic } from '../spec/diagnostics.js';
import type { LoadedSpec } from '../spec/load.js';
import type { VerifyContext } from '../verify/context.js';
import type { Endpoints, UrlOverrides } from '../verify/endpoints.js';
import type { LiveDiff } from './live-diff.js';

/**
 * Where components listen and how they reach each other and the machine, on one target. Pure:
 * the model and the generators use it.
 */
export interface Placement {
  /** a component's port: what it binds, how the others reach it, where it is on 127.0.0.1 */
  place(component: ComponentName, port: string, hostPort: number): Place;
  /** an application target on this machine (host:port), as Prometheus reaches it */
  hostAddress(hostPort: string): string;
  /** a URL on this machine, as the stack's components reach it */
  hostUrl(url: string): string;
  /** the `*_file` path a generated config uses for a secret */
  secretFile(secret: Secret): string;
  /** how grafana.ini refers to a secret ($__file{} or $__env{}) */
  grafanaSecret(secret: Secret): string;
}

/** Everything a command needs from the spec, computed once: loaded spec, model, artifacts. */
export interface Prepared {
  loaded: LoadedSpec;
  model: Model;
  artifacts: Artifact[];
  /** the spec file and its hash, recorded with a deployment */
  spec: { file: string; sha256: string };
}

export type Action = 'started' | 'reloaded' | 'restarted' | 'unchanged' | 'not-deployed' | 'stopped';
export interface ComponentResult {
  /** a component, or a target's unit (a Compose project) */
  name: string;
  action: Action;
  ms?: number;
  pid?: number;
  url?: string;
  reason?: string;
}

export interface ComponentStatus {
  name: ComponentName;
  status: 'running' | 'ready' | 'down' | 'stopped' | 'not-deployed';
  pid?: number;
  port?: number;
  url?: string;
  reason?: string;
}

/** What `mon deploy` would do to one component or unit, without doing it. */
export interface PlanItem {
  name: string;
  action: 'start' | 'reload' | 'restart' | 'unchanged' | 'stop' | 'not-deployed' | 'apply';
  reason?: string;
}

export interface DeployOptions {
  stackDir: string;
  /** readiness timeout per component, ms */
  readyTimeoutMs?: number;
}

/** The deploy side of a target: loaded only by the commands that deploy, check or stop. */
export interface TargetRuntime {
  /** target-specific checks of `mon validate` on the written tree */
  validate(p: Prepared, dir: string): Promise<CheckResult[]>;
  plan(p: Prepared, opts: DeployOptions): Promise<PlanItem[]>;
  deploy(p: Prepared, opts: DeployOptions): Promise<ComponentResult[]>;
  status(stackDir: string, state: StackState): Promise<ComponentStatus[]>;
  down(stackDir: string, state: StackState): Promise<ComponentResult[]>;
  /** where each component answers from this machine, and why one is absent */
  endpoints(model: Model, state: StackState | undefined, overrides: UrlOverrides): Endpoints;
  /** where each component answers, once the target has connected to it (the kubernetes target's port-forwards) */
  connect?(model: Model, state: StackState | undefined, overrides: UrlOverrides): Promise<Endpoints>;
  /** target-specific checks of `mon verify` */
  verifyChecks(ctx: VerifyContext): Promise<CheckResult[]>;
  /** `mon diff --live`: what a deploy would change on the running stack, per file or resource */
  diffLive?(p: Prepared, opts: DeployOptions): Promise<LiveDiff[]>;
}

/**
 * A deploy target: a folder in src/targets/ and a line in src/targets/index.ts. The compiler
 * asks for every member.
 */
export interface DeployTarget {
  /** how messages name a deployment on it: "local stack", "Compose project" */
  title: string;
  placement: Placement;
  /** generators only this target needs (docker-compose.yml) */
  generators: readonly Generator[];
  /** where a component finds its files and binds on this target (its flags follow from it) */
  layout(component: ComponentName, stackDir: string, binary?: string): Layout;
  /** the permission bits a rule file needs for Prometheus to read it (verify's rules.files) */
  ruleFileMode: number;
  /** where the fire drill's webhook sink binds, and the host name Alertmanager reaches it by */
  sink: { bind: string; host: string };
  /** what the spec asks for that this target cannot deploy: located errors (none: everything) */
  unsupported?(loaded: LoadedSpec, model: Model): Diagnostic[];
  runtime(): Promise<TargetRuntime>;
}
