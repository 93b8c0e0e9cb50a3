import type { Config } from '../config/schema.ts';
import { withDatabase } from './with-database.ts';
import { isRegistryEmpty, loadDemoDataset } from '../../demo/load.ts';
import { readRegistryState } from '../registry/index.ts';
import type { CommandArgs } from './main.ts';

export async function demoCommand(args: CommandArgs, config: Config): Promise<number> {
  if (config.NODE_ENV === 'production') {
    console.error('The demo dataset is refused in production.');
    return 1;
  }
  return withDatabase(config, async (db) => {
    const state = await db.run(readRegistryState);
    if (!state.demo && !(await isRegistryEmpty(db)) && !args.values.force) {
      console.error('The registry holds real (non-demo) data. Loading the demo replaces it; pass --force to do so.');
      return 1;
    }
    const counts = await loadDemoDataset(db, { seed: config.DEMO_SEED, pack: config.COUNTRY_PACK });
    console.log(`Loaded the demo dataset (seed ${config.DEMO_SEED}): ${counts.agencies} agencies, ${counts.services} services.`);
    return 0;
  });
}
