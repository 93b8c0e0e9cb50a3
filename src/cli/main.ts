import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import { serveCommand } from './serve.ts';
import { migrateCommand } from './migrate.ts';
import { demoCommand } from './demo.ts';
import { exportCommand, importCommand } from './transfer.ts';
import { staffCommand } from './staff.ts';
import { auditCommand } from './audit.ts';
import { isAppError } from '../core/errors.ts';
import { DataDirInUseError } from '../db/data-dir-lock.ts';

const usage = `onewindow — national single window for government services

Usage: onewindow <command> [options]

Commands:
  serve [--demo-if-empty]              migrate, then serve HTTP (prints the URL to open)
        [--role all|portal|gateway]    what this process serves (ROLE): portal and API, the exchange gateway, or both
  migrate                              apply pending database migrations
  demo [--force]                       (re)load the synthetic demo dataset
  import <agencies|services> <file>    bulk import a .csv or .json file (all or nothing)
  export <agencies|services> [--format csv|json] [--out file]
  staff create --name N --role operator|agency_admin|auditor [--agency CODE]
  staff token --id STAFF_ID [--label L] [--expires-days D]
  staff list
  audit verify [--node N] [--checkpoints DIR] [--public-key FILE]
                                       check the exchange log's hash chains, and their ends against
                                       the signed checkpoints (exit 1 on a broken one)

Settings come from environment variables; see docs/configuration.md.`;

export type CommandArgs = { positionals: string[]; values: Record<string, string | boolean | undefined> };

const commands: Record<string, (args: CommandArgs, config: ReturnType<typeof loadConfig>) => Promise<number | void>> = {
  serve: serveCommand,
  migrate: migrateCommand,
  demo: demoCommand,
  import: importCommand,
  export: exportCommand,
  staff: staffCommand,
  audit: auditCommand,
};

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      'demo-if-empty': { type: 'boolean' },
      force: { type: 'boolean' },
      format: { type: 'string' },
      out: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      agency: { type: 'string' },
      id: { type: 'string' },
      label: { type: 'string' },
      'expires-days': { type: 'string' },
      node: { type: 'string' },
      checkpoints: { type: 'string' },
      'public-key': { type: 'string' },
    },
  });
  const [name, ...rest] = positionals;
  const command = name && Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (values.help || !command) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  // `--role` of `serve` is the process role (ROLE), checked with the other settings; `staff` has its own.
  const overrides = {
    ...(values['demo-if-empty'] ? { DEMO_DATA: 'if-empty' as const } : {}),
    ...(name === 'serve' && typeof values.role === 'string' ? { ROLE: values.role as Config['ROLE'] } : {}),
  };
  const config = loadConfig(process.env, overrides);
  return (await command({ positionals: rest, values }, config)) ?? 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof ConfigError || e instanceof DataDirInUseError) console.error(e.message);
    else if (isAppError(e)) {
      console.error(`${e.code}: ${e.message}`);
      const errors = (e.extensions?.errors ?? []) as { line?: number; field?: string; code: string; message: string }[];
      for (const issue of errors.slice(0, 50)) console.error(`  ${issue.line ? `line ${issue.line}: ` : ''}${issue.field ? `${issue.field}: ` : ''}${issue.code} — ${issue.message}`);
      if (errors.length > 50) console.error(`  … and ${errors.length - 50} more`);
    } else if (e instanceof TypeError) console.error(`${e.message}\n\n${usage}`);
    else console.error(e);
    process.exitCode = 1;
  },
);
