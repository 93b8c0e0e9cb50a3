/**
 * The `onewindow` command: `runCli(argv, extensions)`. The product's commands are here; an
 * extension adds commands, options, setting overrides and `serve` start-up hooks. The
 * executable (`bin/onewindow.js`) composes the product with the demo's extension (`demo/cli.ts`).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import type { ServerHook } from '../server.ts';
import { serveCommand } from './serve.ts';
import { migrateCommand } from './migrate.ts';
import { exportCommand, importCommand } from './transfer.ts';
import { staffCommand } from './staff.ts';
import { usersCommand } from './users.ts';
import { auditCommand } from './audit.ts';
import { oidcCommand } from './oidc.ts';
import type { Command, CommandArgs } from './command.ts';
import { isAppError } from '../core/errors.ts';
import { DataDirInUseError } from '../db/data-dir-lock.ts';

export { withDatabase } from './with-database.ts';
export type { ServerHook, ServerPart } from '../server.ts';

export type { CommandArgs, Command } from './command.ts';

/** What an extension adds to the CLI. */
export interface CliExtension {
  /** Commands by name (a product command of the same name is replaced). */
  commands?: Record<string, Command>;
  /** Lines for the usage text's command list, as the product's own. */
  usage?: string[];
  /** Options its commands or overrides read (`node:util` parseArgs options). */
  options?: NonNullable<ParseArgsConfig['options']>;
  /** Settings the parsed options override (e.g. `--demo-if-empty` sets DEMO_DATA). */
  overrides?(command: string, values: CommandArgs['values']): Partial<Config>;
  /** Start-up hooks of `serve`, run in order after the migrations. */
  serve?: ServerHook[];
}

const usageHead = `onewindow — national single window for government services

Usage: onewindow <command> [options]

Commands:`;

const productUsage = `  serve                                migrate, then serve HTTP (prints the URL to open)
        [--role all|portal|gateway]    what this process serves (ROLE): portal and API, the exchange gateway, or both
  migrate                              apply pending database migrations
  import <agencies|services> <file>    bulk import a .csv or .json file (all or nothing)
  export <agencies|services> [--format csv|json] [--out file]
  staff create --name N --role operator|agency_admin|auditor [--agency CODE]
  staff token --id STAFF_ID [--label L] [--expires-days D]
  staff list
  staff link --id STAFF_ID --national-code C | --foreign-id F | --unlink
                                       let the person with this registered account sign in to the
                                       staff area as themselves (with a second factor)
  users import <file> [--format csv]   load people's accounts from CSV (all or nothing; existing ones skipped)
  audit verify [--node N] [--checkpoints DIR] [--public-key FILE]
                                       check the exchange log's hash chains, and their ends against
                                       the signed checkpoints (exit 1 on a broken one)
  oidc rotate-key [--publish-hours H] [--retain-days D]
                                       the OpenID Connect provider's next signing key: published now,
                                       signing after H hours (24), the old kept D days more (7)`;

const usageFoot = `Settings come from environment variables; see docs/configuration.md.`;

/** The usage text: the product's commands, then the extensions'. */
export function usageText(extensions: readonly CliExtension[] = []): string {
  return [usageHead, productUsage, ...extensions.flatMap((e) => e.usage ?? []), '', usageFoot].join('\n');
}

/** Runs one command line and resolves to its exit code; errors reject (`runCli` reports them). */
export async function main(argv: string[], extensions: readonly CliExtension[] = []): Promise<number> {
  const commands: Record<string, Command> = {
    serve: serveCommand(extensions.flatMap((e) => e.serve ?? [])),
    migrate: migrateCommand,
    import: importCommand,
    export: exportCommand,
    staff: staffCommand,
    users: usersCommand,
    audit: auditCommand,
    oidc: oidcCommand,
  };
  for (const e of extensions) Object.assign(commands, e.commands);
  const usage = usageText(extensions);
  const options: NonNullable<ParseArgsConfig['options']> = {
    ...Object.assign({}, ...extensions.map((e) => e.options ?? {})),
    help: { type: 'boolean', short: 'h' },
    format: { type: 'string' },
    out: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    agency: { type: 'string' },
    id: { type: 'string' },
    label: { type: 'string' },
    'expires-days': { type: 'string' },
    'national-code': { type: 'string' },
    'foreign-id': { type: 'string' },
    unlink: { type: 'boolean' },
    node: { type: 'string' },
    checkpoints: { type: 'string' },
    'public-key': { type: 'string' },
    'publish-hours': { type: 'string' },
    'retain-days': { type: 'string' },
  };
  const parsed = parseArgs({ args: argv, allowPositionals: true, options });
  const positionals = parsed.positionals;
  // No option is `multiple`, so every value is one string or boolean.
  const values = parsed.values as CommandArgs['values'];
  const [name = '', ...rest] = positionals;
  const command = name && Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (values.help || !command) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  // `--role` of `serve` is the process role (ROLE), checked with the other settings; `staff` has its own.
  const overrides = {
    ...Object.assign({}, ...extensions.map((e) => e.overrides?.(name, values) ?? {})),
    ...(name === 'serve' && typeof values.role === 'string' ? { ROLE: values.role as Config['ROLE'] } : {}),
  };
  const config = loadConfig(process.env, overrides);
  return (await command({ positionals: rest, values }, config)) ?? 0;
}

/** Runs one command line as the executable does: sets the exit code and reports errors on stderr. */
export async function runCli(argv: string[], extensions: readonly CliExtension[] = []): Promise<void> {
  try {
    const code = await main(argv, extensions);
    if (code !== 0) process.exitCode = code;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof DataDirInUseError) console.error(e.message);
    else if (isAppError(e)) {
      console.error(`${e.code}: ${e.message}`);
      const errors = (e.extensions?.errors ?? []) as { line?: number; field?: string; code: string; message: string }[];
      for (const issue of errors.slice(0, 50)) console.error(`  ${issue.line ? `line ${issue.line}: ` : ''}${issue.field ? `${issue.field}: ` : ''}${issue.code} — ${issue.message}`);
      if (errors.length > 50) console.error(`  … and ${errors.length - 50} more`);
    } else if (e instanceof TypeError) console.error(`${e.message}\n\n${usageText(extensions)}`);
    else console.error(e);
    process.exitCode = 1;
  }
}
