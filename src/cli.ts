import { Command, Option } from 'commander';
import { DEFAULT_OUT_DIR, DEFAULT_SPEC_FILE } from './model/conventions.js';

/**
 * Commander wiring only: every handler is imported when its command runs, so `mon --help`
 * and `mon --version` load nothing else.
 */
export function buildCli(version: string, done: (code: number) => void): Command {
  const program = new Command('mon')
    .description('Monitoring as code: one monitoring.yaml -> a generated, validated, deployed and verified observability stack.')
    .version(version, '-V, --version')
    .option('--no-color', 'no colours in output (also: NO_COLOR=1)')
    .showHelpAfterError('(run `mon --help` for usage)')
    .exitOverride();

  const ui = async (opts: { json?: boolean }) => {
    const { configureUi } = await import('./ui/output.js');
    configureUi({ json: Boolean(opts.json), color: program.opts().color as boolean });
  };
  const spec = () => new Option('-f, --file <path>', 'the spec').default(DEFAULT_SPEC_FILE);
  const json = () => new Option('--json', 'machine-readable output on stdout');
  const target = () => new Option('-t, --target <target>', 'deploy target the files are for (default: deploy.target of the spec, or local)').choices(['local', 'compose']);

  program
    .command('init')
    .description('write a commented starter monitoring.yaml in the current directory')
    .addOption(new Option('--template <name>', 'starter template').choices(['minimal', 'python-backend']).default('minimal'))
    .option('--force', 'overwrite an existing file')
    .addOption(spec())
    .addOption(json())
    .action(async (opts) => {
      await ui(opts);
      const { init } = await import('./commands/init.js');
      done(await init(opts));
    });

  program
    .command('generate')
    .description('render Prometheus config, alert rules and their unit tests, and Alertmanager routing, from the spec (atomically)')
    .addOption(spec())
    .option('-o, --out <dir>', 'output directory', DEFAULT_OUT_DIR)
    .addOption(target())
    .option('--dry-run', 'list what would be written, write nothing')
    .addOption(json())
    .action(async (opts) => {
      await ui(opts);
      const { generate } = await import('./commands/generate.js');
      done(await generate(opts));
    });

  program
    .command('validate')
    .description('check the spec, every PromQL expression, and the generated files with promtool (config, rules, unit tests) and amtool (config, routing)')
    .addOption(spec())
    .addOption(target())
    .option('--junit <file>', 'write a JUnit XML report')
    .addOption(json())
    .action(async (opts) => {
      await ui(opts);
      const { validate } = await import('./commands/validate.js');
      done(await validate(opts));
    });

  program
    .command('test')
    .description('run the promtool unit tests of every rule (generated for packs, from `test:` blocks for custom rules)')
    .addOption(spec())
    .option('--junit <file>', 'write a JUnit XML report (one testsuite per rule group)')
    .addOption(json())
    .action(async (opts) => {
      await ui(opts);
      const { test } = await import('./commands/test.js');
      done(await test(opts));
    });

  program
    .command('routes')
    .description('show where every generated alert is routed (receivers, inhibition), worked out offline')
    .addOption(spec())
    .addOption(new Option('--mermaid', 'print the routing tree as a Mermaid diagram').conflicts('json'))
    .addOption(json())
    .action(async (opts) => {
      await ui(opts);
      const { routes } = await import('./commands/routes.js');
      done(await routes(opts));
    });

  program
    .command('schema')
    .description('print the JSON Schema of monitoring.yaml')
    .action(async () => {
      const { printSchema } = await import('./commands/schema.js');
      done(await printSchema());
    });

  return program;
}
