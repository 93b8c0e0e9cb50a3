import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Config } from '../config/schema.ts';
import { countryPacks } from '../core/country-packs/index.ts';
import { importAccounts } from '../identity/index.ts';
import { withDatabase } from './with-database.ts';
import { progressBar } from './progress.ts';
import type { CommandArgs } from './command.ts';

/** `onewindow users import FILE [--format csv]`: people's accounts from a CSV file (docs/identity.md). */
export async function usersCommand(args: CommandArgs, config: Config): Promise<number> {
  const [action, file] = args.positionals;
  if (action !== 'import') throw new TypeError('users: use import');
  if (!file) throw new TypeError('Give the CSV file to import');
  if (args.values.format !== undefined && args.values.format !== 'csv') throw new TypeError('users import reads --format csv only');
  const { size } = await stat(file);
  return withDatabase(config, async (db) => {
    const deps = { db, pack: countryPacks[config.COUNTRY_PACK], now: () => new Date() };
    const started = Date.now();
    const report = await importAccounts(deps, createReadStream(file, { highWaterMark: 1 << 20 }), { size, progress: progressBar('Importing accounts') });
    const seconds = (Date.now() - started) / 1000;
    console.log(`Imported ${report.rows} rows in ${seconds.toFixed(1)} s: ${report.created} accounts created, ${report.skipped} skipped (already present).`);
    for (const row of report.skippedRows.slice(0, 50)) console.log(`  line ${row.line}: ${row.code} — ${row.message}`);
    if (report.skipped > 50) console.log(`  … and ${report.skipped - 50} more`);
    return 0;
  });
}
