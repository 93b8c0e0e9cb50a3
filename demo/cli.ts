/**
 * The demo as an extension of the `onewindow` command (`bin/onewindow.js` adds it): the `demo`
 * command, and `serve --demo-if-empty` (what `npm start` runs), which loads the demo dataset
 * into an empty registry and starts the reference agencies' demo exchange, described in what
 * `serve` prints. The product itself (`src/`) knows nothing of this folder.
 */
import type { Config } from '../src/config/schema.ts';
import type { Database } from '../src/db/database.ts';
import { withDatabase, type CliExtension, type CommandArgs, type ServerPart } from '../src/cli/main.ts';
import { readRegistryState } from '../src/registry/index.ts';
import { isRegistryEmpty, loadDemoDataset } from './load.ts';
import { describeDemoExchange, gatewayUrlFromConfig, startDemoExchange } from './exchange/start.ts';

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

/**
 * With the demo on (`DEMO_DATA=if-empty`, which `--demo-if-empty` sets) and where the portal
 * runs: the demo dataset when the registry is empty, then the demo exchange (reference agencies
 * and demo clients) when the registry is the demo one.
 */
export async function startDemo(db: Database, config: Config): Promise<ServerPart | undefined> {
  if (config.ROLE === 'gateway' || config.DEMO_DATA !== 'if-empty') return undefined;
  if (await isRegistryEmpty(db)) await loadDemoDataset(db, { seed: config.DEMO_SEED, pack: config.COUNTRY_PACK });
  const demo = await startDemoExchange(db, config);
  if (!demo) return undefined;
  return {
    describe: ({ gatewayUrl }) => describeDemoExchange(demo, gatewayUrl ?? gatewayUrlFromConfig(config)),
    close: demo.close,
  };
}

export const demoCli: CliExtension = {
  commands: { demo: demoCommand },
  usage: [
    '  serve --demo-if-empty                also load the demo dataset into an empty registry and start the',
    "                                       reference agencies' demo exchange (what npm start runs)",
    '  demo [--force]                       (re)load the synthetic demo dataset',
  ],
  options: { 'demo-if-empty': { type: 'boolean' }, force: { type: 'boolean' } },
  overrides: (_command, values) => (values['demo-if-empty'] ? { DEMO_DATA: 'if-empty' } : {}),
  serve: [startDemo],
};
