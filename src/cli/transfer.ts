import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../config/schema.ts';
import { countryPacks } from '../core/country-packs/index.ts';
import { exportRegistry, importRegistry, type Entity } from '../registry/index.ts';
import { withDatabase } from './with-database.ts';
import { progressBar } from './progress.ts';
import type { CommandArgs } from './command.ts';

const cliUser = { kind: 'system', name: 'cli' } as const;

function entityOf(value: string | undefined): Entity {
  if (value === 'agencies' || value === 'services') return value;
  throw new TypeError('Say what to import or export: agencies or services');
}

export async function importCommand(args: CommandArgs, config: Config): Promise<void> {
  const [entityArg, file] = args.positionals;
  const entity = entityOf(entityArg);
  if (!file) throw new TypeError('Give the file to import');
  const format = extname(file).toLowerCase() === '.json' ? 'json' : 'csv';
  const bytes = await readFile(file);
  await withDatabase(config, async (db) => {
    const deps = { db, pack: countryPacks[config.COUNTRY_PACK], now: () => new Date() };
    const report = await importRegistry(deps, cliUser, { entity, format, bytes }, progressBar(`Importing ${entity}`));
    console.log(`Imported ${report.rows} rows: ${report.created} created, ${report.updated} updated.`);
  });
}

export async function exportCommand(args: CommandArgs, config: Config): Promise<void> {
  const entity = entityOf(args.positionals[0]);
  const format = args.values.format === 'json' ? 'json' : 'csv';
  await withDatabase(config, async (db) => {
    const out = typeof args.values.out === 'string' ? createWriteStream(args.values.out) : process.stdout;
    await pipeline(Readable.from(exportRegistry(db, entity, format)), out);
  });
}
