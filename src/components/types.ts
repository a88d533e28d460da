import type { Model, Secret } from '../model/types.js';
import type { Place } from '../model/placement.js';
import type { Resources, Spec } from '../spec/types.js';
import type { BinaryName } from '../tools/binaries.js';

/** One port a component binds: where the spec sets it, mon's local default, the image's own. */
export interface PortSpec {
  /** where the spec sets it, e.g. ['tempo', 'ports', 'otlpHttp'] */
  specPath: readonly string[];
  /** the port on the local target (chosen to stay clear of the components' usual ones) */
  local: number;
  /** the port the container image listens on */
  container: number;
  /** how diagnostics name it */
  what: string;
  /** Compose publishes it on 127.0.0.1 (default true) */
  publish?: boolean;
}

/**
 * Where a component finds its files and binds, as one deploy target lays it out: local
 * processes read the stack's config tree by absolute path; containers see mounts.
 */
export interface Layout {
  /** a generated file (path in the output tree) as the component sees it */
  config(path: string): string;
  /** its data directory */
  data: string;
  /** host:port it binds; with `short`, `:port` where it binds every interface */
  listen(place: Place, short?: boolean): string;
  /** the binary it runs as, when the target runs processes (Grafana derives its home from it) */
  binary?: string;
  /** where the host's root is mounted, for a component that looks at the host */
  hostRoot?: string;
}

/** How a component runs as a Compose service: the facts; the compose target assembles them. */
export interface ContainerSpec {
  service: string;
  image(model: Model): string;
  /** generated files and directories mounted read-only: [path in the tree, path in the container] */
  mounts: ReadonlyArray<readonly [string, string]>;
  /** its named data volume's mount point */
  data?: string;
  /** its working directory in the container, when its config's paths are relative */
  workingDir?: string;
  /** where the image has wget (then Compose probes its ready path); distroless images have none and are probed by `mon verify` */
  wget?(model: Model): string | undefined;
  /** it runs in the host's network namespace and sees the host's root here (node_exporter) */
  hostRoot?: string;
  /** it reaches the host: applications to scrape, webhooks to post to */
  reachesHost?: boolean;
  /** its image runs as this uid:gid, so an init container gives it its data volume */
  volumeOwner?: string;
  /** generated directories it mounts only in some specs (the DingTalk bridge's templates) */
  extraMounts?(model: Model): ReadonlyArray<readonly [string, string]>;
  /** host paths it mounts (cAdvisor): `host:container:mode` */
  hostMounts?: readonly string[];
  /** it needs a privileged container (cAdvisor reads every cgroup) */
  privileged?: boolean;
  /** the services it waits for, and for what */
  dependsOn?(model: Model): Partial<Record<string, 'healthy' | 'started' | 'completed'>>;
}

/**
 * A secret a component reads from an environment variable of its own naming (an exporter's
 * REDIS_PASSWORD, DATA_SOURCE_NAME): the value is `before + secret + after`. With `fileVariable`,
 * a {file} secret is passed as its path in that variable instead (DATA_SOURCE_PASS_FILE).
 */
export interface SecretEnv {
  variable: string;
  secret: Secret;
  before?: string;
  after?: string;
  fileVariable?: string;
}

/**
 * Everything mon knows about one component, in one place: the component table's row. Lists
 * elsewhere (ports, ready paths, jobs, secrets, binaries, images, flags) are derived from it.
 */
export interface ComponentSpec {
  /** how messages name it */
  title: string;
  /** a stack without it does not work: a missing binary is an error, never a skip */
  core?: boolean;
  /** the program that runs it on the local target (see src/tools/binaries.ts) */
  binary?: BinaryName;
  /** why it cannot run on the local target at all, when it cannot */
  localUnsupported?: string;
  /** the scrape job of its own metrics */
  job?: string;
  /** more jobs it is scraped by (Jaeger's span metrics), and where each job scrapes when not its http port */
  extraJobs?: readonly string[];
  scrapeAddress?(model: Model, job: string): string;
  /** the metric names only it produces (its own, and what it generates: Tempo's span metrics) */
  metrics?: RegExp;
  /** its ports; `http` is the one its API, readiness and metrics answer on */
  ports: { http: PortSpec } & Record<string, PortSpec>;
  /** HTTP 200 here means ready */
  readyPath: string;
  /** what else its ready answer must say: a problem, or undefined when healthy */
  readyProblem?(body: string): string | undefined;
  /** POST here reloads the config without a restart */
  reloadPath?: string;
  /** the generated files it reads: a change means reload (or restart) */
  reads(path: string): boolean;
  /** the secrets it reads */
  secrets(model: Model): Secret[];
  /** part of this spec's stack */
  enabled(model: Model): boolean;
  /** where it listens (its http port) */
  place(model: Model): Place;
  /** each port as bound and as published, when it has more than `http` */
  bound?(model: Model): Record<string, { port: number; hostPort: number }>;
  /** its command-line flags, for any target */
  flags(model: Model, at: Layout): string[];
  /** environment it needs (besides secrets) */
  env?(model: Model, at: Layout): Record<string, string>;
  /** the spec's resources for it (limits in Compose) */
  resources?(spec: Spec): Resources | undefined;
  /** its config's paths are relative to its working directory, which is then its data directory */
  relativeToData?: boolean;
  /** or it runs in this directory of the config tree (Grafana: its ini's $__file{../secrets/NAME}) */
  workDir?: string;
  /**
   * how it reads its secrets: by `*_file` paths (default), from environment variables expanded
   * into its config (Tempo), or inline in a resolved copy of its config (the DingTalk bridge)
   */
  secretsVia?: 'files' | 'env' | 'config';
  /** the secrets it reads from variables of its own naming (exporters), with secretsVia 'env' */
  secretEnv?(model: Model): SecretEnv[];
  container: ContainerSpec;
}
