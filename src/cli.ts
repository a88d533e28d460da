import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_OUT_DIR, DEFAULT_SPEC_FILE } from './model/conventions.js';
import { parseDuration } from './spec/duration.js';
import { TARGET_NAMES } from './targets/names.js';

/**
 * Commander wiring only: every handler is imported when its command runs, so `mon --help`
 * and `mon --version` load nothing else.
 */
export function buildCli(version: string, done: (code: number) => void): Command {
  const program = new Command('mon')
    .description(
      'Monitoring as code: one monitoring.yaml -> a generated, validated, deployed and verified observability stack.',
    )
    .version(version, '-V, --version')
    .option('--no-color', 'no colours in output (also: NO_COLOR=1)')
    .showHelpAfterError('(run `mon --help` for usage)')
    .exitOverride();

  const ui = async (opts: { json?: boolean }) => {
    const { configureUi } = await import('./ui/output.js');
    configureUi({ json: Boolean(opts.json), color: program.opts().color as boolean });
  };
  /** The action of a command: set up output, import its handler only now, run it. */
  const handler =
    <M, A extends unknown[]>(load: () => Promise<M>, pick: (m: M) => (...args: A) => Promise<number>) =>
    async (...args: A) => {
      const opts = args.find((a) => a !== null && typeof a === 'object' && !Array.isArray(a)) as
        { json?: boolean } | undefined;
      await ui(opts ?? {});
      done(await pick(await load())(...args));
    };
  const spec = () => new Option('-f, --file <path>', 'the spec').default(DEFAULT_SPEC_FILE);
  const json = () => new Option('--json', 'machine-readable output on stdout');
  const format = () =>
    new Option('--format <format>', 'text, or github: GitHub Actions annotations (::error file=...,line=...::)')
      .choices(['text', 'github'])
      .default('text');
  /** --timeout takes a Prometheus-style duration (30s, 2m); anything else is a usage error. */
  const timeout = (what: string, fallback: string) =>
    new Option('--timeout <duration>', `${what}, like 30s or 2m`)
      .default(parseDuration(fallback)!, fallback)
      .argParser((v: string) => {
        const ms = parseDuration(v);
        if (ms === undefined || ms === 0)
          throw new InvalidArgumentError(`must be a duration like 30s or 2m, got ${JSON.stringify(v)}`);
        return ms;
      });
  const target = () =>
    new Option(
      '-t, --target <target>',
      'deploy target the files are for (default: deploy.target of the spec, or local)',
    ).choices(TARGET_NAMES);

  program
    .command('init')
    .description('write a commented starter monitoring.yaml in the current directory')
    .addOption(
      new Option('--template <name>', 'starter template').choices(['minimal', 'python-backend']).default('minimal'),
    )
    .option('--force', 'overwrite an existing file')
    .option('--from <dir>', "import the directory's existing configs (as `mon import` does) instead of a template")
    .addOption(spec())
    .addOption(json())
    .action(
      handler(
        () => import('./commands/init.js'),
        (m) => m.init,
      ),
    );

  program
    .command('generate')
    .description(
      'render Prometheus config, alert rules and their unit tests, and Alertmanager routing, from the spec (atomically)',
    )
    .addOption(spec())
    .option('-o, --out <dir>', 'output directory', DEFAULT_OUT_DIR)
    .addOption(target())
    .option('--dry-run', 'list what would be written, write nothing')
    .addOption(json())
    .action(
      handler(
        () => import('./commands/generate.js'),
        (m) => m.generate,
      ),
    );

  program
    .command('validate')
    .description(
      'check the spec, every PromQL expression, and the generated files with promtool (config, rules, unit tests) and amtool (config, routing)',
    )
    .addOption(spec())
    .addOption(target())
    .option('--junit <file>', 'write a JUnit XML report')
    .addOption(format())
    .addOption(json())
    .action(
      handler(
        () => import('./commands/validate.js'),
        (m) => m.validate,
      ),
    );

  program
    .command('diff')
    .description(
      'show what `mon generate` would change in the output directory (--live: what `mon deploy` would change on the running stack); exit 0 no changes, 2 changes, 1 errors',
    )
    .addOption(spec())
    .option('-o, --out <dir>', 'output directory', DEFAULT_OUT_DIR)
    .addOption(target())
    .option('--live', 'compare with the deployed stack: its files and the live configs')
    .option('--stack-dir <dir>', 'the stack directory for --live (default: deploy.dir of the spec, or .mon/stack)')
    .addOption(format())
    .addOption(json())
    .action(
      handler(
        () => import('./commands/diff.js'),
        (m) => m.diff,
      ),
    );

  program
    .command('import')
    .description(
      'turn existing configs (prometheus.yml, rule files or PrometheusRule manifests, alertmanager.yml, Grafana dashboards) into a spec',
    )
    .argument('<files...>', 'prometheus.yml, rule files, alertmanager.yml, dashboard JSON files')
    .option('-o, --out <file>', 'where to write the spec', DEFAULT_SPEC_FILE)
    .option('--project <name>', 'the project name (default: from the Prometheus external labels, or "imported")')
    .option('--force', 'overwrite an existing --out file')
    .addOption(json())
    .action(
      handler(
        () => import('./commands/import.js'),
        (m) => m.importConfigs,
      ),
    );

  program
    .command('test')
    .description(
      'run the promtool unit tests of every rule (generated for packs, from `test:` blocks for custom rules)',
    )
    .addOption(spec())
    .option('--junit <file>', 'write a JUnit XML report (one testsuite per rule group)')
    .addOption(json())
    .action(
      handler(
        () => import('./commands/test.js'),
        (m) => m.test,
      ),
    );

  program
    .command('routes')
    .description('show where every generated alert is routed (receivers, inhibition), worked out offline')
    .addOption(spec())
    .addOption(new Option('--mermaid', 'print the routing tree as a Mermaid diagram').conflicts('json'))
    .addOption(json())
    .action(
      handler(
        () => import('./commands/routes.js'),
        (m) => m.routes,
      ),
    );

  program
    .command('packs')
    .description('every alert pack rule: expression, metrics and labels it needs, threshold and default')
    .addOption(new Option('--markdown', 'print docs/packs.md').conflicts('json'))
    .addOption(json())
    .action(
      handler(
        () => import('./commands/packs.js'),
        (m) => m.packsCommand,
      ),
    );

  program
    .command('backtest')
    .description(
      "replay every alerting rule over a live Prometheus's history (for and keep_firing_for honoured): episodes per week, firing time, longest",
    )
    .addOption(spec())
    .option('--since <duration>', 'how far back', '7d')
    .option('--alert <name>', 'only this alert')
    .option('--prometheus-url <url>', "the Prometheus to read (default: the spec's)")
    .addOption(json())
    .action(
      handler(
        () => import('./commands/backtest.js'),
        (m) => m.backtest,
      ),
    );

  program
    .command('tune')
    .description(
      'each pack threshold against the history of its left-hand side on a live Prometheus: the distribution and a for-aware threshold for a target alert rate, as a spec patch',
    )
    .addOption(spec())
    .option('--since <duration>', 'how far back', '7d')
    .option('--target-rate <rate>', 'alerts per period: 1/week, 3/day', '1/week')
    .option('--alert <name>', 'only this alert')
    .option('--prometheus-url <url>', "the Prometheus to read (default: the spec's)")
    .addOption(json())
    .action(
      handler(
        () => import('./commands/tune.js'),
        (m) => m.tune,
      ),
    );

  const stackDir = () =>
    new Option('--stack-dir <dir>', 'the stack directory (default: deploy.dir of the spec, or .mon/stack)');
  program
    .command('deploy')
    .description(
      'start or update the stack: local processes (default) or Docker Compose; reloads what changed, rolls back on failure',
    )
    .addOption(spec())
    .addOption(target())
    .addOption(stackDir())
    .addOption(timeout('how long each component may take to become ready', '30s'))
    .addOption(json())
    .action(
      handler(
        () => import('./commands/deploy.js'),
        (m) => m.deploy,
      ),
    );

  program
    .command('status')
    .description('show the deployed components: running, ready, down')
    .addOption(spec())
    .addOption(stackDir())
    .addOption(json())
    .action(
      handler(
        () => import('./commands/stack.js'),
        (m) => m.status,
      ),
    );

  program
    .command('down')
    .description('stop every component mon started (data and config are kept)')
    .addOption(spec())
    .addOption(stackDir())
    .addOption(json())
    .action(
      handler(
        () => import('./commands/stack.js'),
        (m) => m.down,
      ),
    );

  program
    .command('logs')
    .description("print the end of a component's log")
    .argument(
      '<component>',
      'prometheus, alertmanager, node_exporter, tempo, grafana, dingtalk, blackbox_exporter, redis_exporter, mysqld_exporter, postgres_exporter',
    )
    .addOption(spec())
    .addOption(stackDir())
    .option('-n, --lines <n>', 'how many lines', '50')
    .action(
      handler(
        () => import('./commands/stack.js'),
        (m) => m.logs,
      ),
    );

  program
    .command('up')
    .description(
      "generate, validate, deploy and verify (as the spec's verify: says), each only when the one before passed",
    )
    .addOption(spec())
    .option('-o, --out <dir>', 'output directory', DEFAULT_OUT_DIR)
    .addOption(target())
    .addOption(stackDir())
    .addOption(timeout('how long each component may take to become ready', '30s'))
    .addOption(json())
    .action(
      handler(
        () => import('./commands/up.js'),
        (m) => m.up,
      ),
    );

  program
    .command('verify')
    .description(
      'check the deployed stack: components, targets, rules, reloads, drift, receivers, Grafana, Tempo; optional fire drill and trace round trip',
    )
    .addOption(spec())
    .addOption(stackDir())
    .addOption(target())
    .option('--wait', 'retry until every check passes or --timeout runs out')
    .addOption(timeout('with --wait: how long', '2m'))
    .option('--fire-drill', 'send an alert end to end to a webhook sink mon runs, then restore the stack')
    .option('--trace', 'send a span to Tempo and read it back')
    .option('--junit <file>', 'write a JUnit XML report')
    .option('--prometheus-url <url>', 'a stack deployed elsewhere: its Prometheus (and the next three)')
    .option('--alertmanager-url <url>')
    .option('--grafana-url <url>')
    .option('--tempo-url <url>')
    .option(
      '--otlp-url <url>',
      "with --trace: Tempo's OTLP/HTTP receiver (default: --tempo-url's host at the spec's OTLP/HTTP port)",
    )
    .option('--auth <user:password>', 'basic auth for Prometheus, Alertmanager and Tempo')
    .option('--token <token>', 'bearer token for Prometheus, Alertmanager and Tempo')
    .option('--grafana-token <token>', "Grafana service-account token (default: the spec's admin credentials)")
    .addOption(json())
    .action(
      handler(
        () => import('./commands/verify.js'),
        (m) => m.verify,
      ),
    );

  const notify = program.command('notify').description('notifications of the deployed stack');
  notify
    .command('preview')
    .description("every receiver's message for one generated alert with sample labels, rendered by a real Alertmanager")
    .addOption(spec())
    .option('--alert <name>', 'the generated alert (default: the first)')
    .addOption(json())
    .action(
      handler(
        () => import('./commands/notify.js'),
        (m) => m.notifyPreview,
      ),
    );
  notify
    .command('test')
    .description(
      'send one test alert to one receiver through a temporary route, and check Alertmanager delivered it; then clean up',
    )
    .argument('<receiver>', 'a receiver of the spec')
    .addOption(spec())
    .addOption(stackDir())
    .option('--junit <file>', 'write a JUnit XML report')
    .addOption(json())
    .action(
      handler(
        () => import('./commands/notify.js'),
        (m) => m.notify,
      ),
    );

  program
    .command('dashboards')
    .description('the generated dashboards, outside Grafana')
    .command('render')
    .description('draw every dashboard from the live Prometheus: an HTML page and a PNG each (headless Chromium)')
    .addOption(spec())
    .addOption(stackDir())
    .option('--out <dir>', 'where the pages and PNGs go', '.mon/dashboards')
    .option('--from <duration>', "the time range, now-<duration> to now (default: each dashboard's own)")
    .option('--prometheus-url <url>', 'a Prometheus deployed elsewhere')
    .option('--auth <user:password>', 'basic auth for Prometheus')
    .option('--token <token>', 'bearer token for Prometheus')
    .addOption(json())
    .action(
      handler(
        () => import('./commands/dashboards.js'),
        (m) => m.render,
      ),
    );

  program
    .command('doctor')
    .description('list the tools and binaries each command needs, and where they were found')
    .addOption(json())
    .action(
      handler(
        () => import('./commands/tools.js'),
        (m) => m.doctor,
      ),
    );

  program
    .command('tools')
    .description('provision the external tools')
    .command('install')
    .description(
      "install tools: Debian's packages when root on Debian/Ubuntu, else the official release archives, checked against their published checksums",
    )
    .argument(
      '[tools...]',
      'prometheus, alertmanager, node_exporter, blackbox_exporter, redis_exporter, mysqld_exporter, postgres_exporter, tempo, docker-compose (default: the first three)',
    )
    .addOption(new Option('--method <method>', 'how to install').choices(['apt', 'download']))
    .addOption(json())
    .action(
      handler(
        () => import('./commands/tools.js'),
        (m) => m.toolsInstall,
      ),
    );

  program
    .command('schema')
    .description('print the JSON Schema of monitoring.yaml')
    .action(
      handler(
        () => import('./commands/schema.js'),
        (m) => m.printSchema,
      ),
    );

  return program;
}
