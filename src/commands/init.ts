import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExitCode, MonError } from '../errors.js';
import { isJson, ui } from '../ui/output.js';

export const TEMPLATES = ['minimal', 'python-backend'] as const;
export type TemplateName = (typeof TEMPLATES)[number];

export interface InitOptions {
  template: string;
  force?: boolean;
  /** a directory of existing configs to import instead of a template */
  from?: string;
  file: string;
  cwd?: string;
}

const packageRoot = () => fileURLToPath(new URL('../../', import.meta.url));

/** A project name from the directory name: lower-case, [a-z0-9_-]. */
export function projectNameFor(dir: string): string {
  const name = basename(resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 63);
  return /^[a-z0-9]/.test(name) ? name : 'myapp';
}

export async function init(opts: InitOptions): Promise<number> {
  if (opts.from) {
    // the configs of the directory (not its subdirectories), as `mon import` reads them
    const { readdir } = await import('node:fs/promises');
    const dir = resolve(opts.cwd ?? process.cwd(), opts.from);
    const entries = await readdir(dir).catch(() => {
      throw new MonError(
        `cannot read the directory ${opts.from}`,
        ExitCode.invalid,
        'pass a directory of configs to --from',
      );
    });
    const inputs = entries
      .filter((f) => /\.(ya?ml|json)$/.test(f))
      .sort()
      .map((f) => join(opts.from!, f));
    if (!inputs.length)
      throw new MonError(
        `${opts.from} has no .yml, .yaml or .json files`,
        ExitCode.invalid,
        'pass a directory of configs to --from',
      );
    const { importConfigs } = await import('./import.js');
    return importConfigs(inputs, { out: opts.file, force: opts.force });
  }
  if (!(TEMPLATES as readonly string[]).includes(opts.template)) {
    throw new MonError(`unknown template "${opts.template}"`, ExitCode.usage, `choose one of: ${TEMPLATES.join(', ')}`);
  }
  const cwd = opts.cwd ?? process.cwd();
  const target = resolve(cwd, opts.file);
  const existing = await stat(target).catch(() => undefined);
  if (existing && !opts.force)
    throw new MonError(
      `${opts.file} already exists; not overwriting it`,
      ExitCode.invalid,
      'pass --force to replace it',
    );
  if (existing?.isDirectory()) throw new MonError(`${opts.file} is a directory`, ExitCode.invalid);

  const root = packageRoot();
  const body = await readFile(join(root, 'templates', `${opts.template}.yaml`), 'utf8');
  const schemaPath = relative(dirname(target), join(root, 'dist', 'spec', 'monitoring.schema.json'))
    .split('\\')
    .join('/');
  const project = projectNameFor(dirname(target));
  const filled = body
    .replaceAll('{{project}}', project)
    .replaceAll('{{metricPrefix}}', `${project.replace(/[^a-zA-Z0-9_]/g, '_')}_`);
  const text = `# yaml-language-server: $schema=${schemaPath}\n${filled}`;

  const tmp = `${target}.tmp-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(tmp, text, { mode: 0o644 });
    await rename(tmp, target);
  } finally {
    await rm(tmp, { force: true });
  }
  if (isJson()) ui.json({ ok: true, command: 'init', file: opts.file, template: opts.template });
  else {
    ui.result(opts.file);
    ui.success(`Wrote ${opts.file} from the ${opts.template} template. Next: mon generate && mon validate`);
  }
  return 0;
}
