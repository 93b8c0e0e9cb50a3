/**
 * The demo as an extension of the `onewindow` command (`bin/onewindow.js` adds it): the `demo`
 * command, `demo agencies` (the six reference agencies as a process of their own, for several
 * nodes), and `serve --demo-if-empty` (what `npm start` runs), which loads the demo dataset into
 * an empty registry and starts (or finds) the reference agencies' demo exchange, described in
 * what `serve` prints. The product itself (`src/`) knows nothing of this folder.
 */
import type { Config } from '../src/config/schema.ts';
import type { Database } from '../src/db/database.ts';
import { withDatabase, type CliExtension, type CommandArgs, type ServerPart } from '../src/cli/main.ts';
import { readRegistryState } from '../src/registry/index.ts';
import { isRegistryEmpty, loadDemoDataset, loadDemoDatasetIfEmpty } from './load.ts';
import { demoWindowSettings } from './exchange/window-client.ts';
import { describeDemoExchange, gatewayUrlFromConfig, startDemoExchange } from './exchange/start.ts';
import { isAddressInUse, referenceAgenciesAnswer, referenceAgencyAddresses, startReferenceAgencies } from './agencies/start.ts';

/** Until the process is told to stop (SIGINT, SIGTERM). */
const untilSignalled = (): Promise<void> =>
  new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });

/**
 * `demo agencies`: the six reference agencies on 127.0.0.1, ports DEMO_AGENCIES_PORT to +5,
 * until stopped. Run it once; every node with the demo on then uses these addresses. Needs no
 * database: the nodes register the addresses.
 */
export async function demoAgenciesCommand(config: Config, until: () => Promise<void> = untilSignalled): Promise<number> {
  const port = config.DEMO_AGENCIES_PORT;
  if (port === 0) {
    console.error('demo agencies needs fixed ports that the nodes can find: set DEMO_AGENCIES_PORT (default 8090), not 0.');
    return 1;
  }
  const addresses = referenceAgencyAddresses('127.0.0.1', port);
  if (await referenceAgenciesAnswer(addresses)) {
    console.error(`The reference agencies already run on ${addresses[0]!.url} and the next five ports; one process is enough.`);
    return 1;
  }
  let running;
  try {
    running = await startReferenceAgencies({ host: '127.0.0.1', basePort: port });
  } catch (error) {
    if (!isAddressInUse(error)) throw error;
    console.error(`Ports ${port}–${port + 5} on 127.0.0.1 are not all free; set DEMO_AGENCIES_PORT to another range (every node needs the same).`);
    return 1;
  }
  const stop = until();
  console.log(`Reference agencies (demo), for every node with the demo on (DEMO_AGENCIES_PORT=${port}):`);
  for (const a of running.agencies) console.log(`  ${a.code.padEnd(18)} ${a.url}  (${a.name.en})`);
  console.log('Stop with Ctrl-C.');
  await stop;
  await running.close();
  return 0;
}

export async function demoCommand(args: CommandArgs, config: Config): Promise<number> {
  if (config.NODE_ENV === 'production') {
    console.error('The demo is refused in production.');
    return 1;
  }
  const [sub, ...extra] = args.positionals;
  if (sub === 'agencies' && extra.length === 0) return demoAgenciesCommand(config);
  if (sub !== undefined) {
    console.error(`Unknown: demo ${args.positionals.join(' ')} (try demo, demo --force or demo agencies).`);
    return 2;
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
 * and demo clients) when the registry is the demo one. Safe on every node of one database: the
 * dataset and the exchange are loaded once, and the agencies started only where none answers.
 */
export async function startDemo(db: Database, config: Config): Promise<ServerPart | undefined> {
  if (config.ROLE === 'gateway' || config.DEMO_DATA !== 'if-empty') return undefined;
  await loadDemoDatasetIfEmpty(db, { seed: config.DEMO_SEED, pack: config.COUNTRY_PACK });
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
    "  demo agencies                        run the demo's six reference agencies on DEMO_AGENCIES_PORT..+5",
    '                                       until stopped (once, for several nodes with the demo on)',
  ],
  options: { 'demo-if-empty': { type: 'boolean' }, force: { type: 'boolean' } },
  // With the demo on, registration calls the demo's registries as the window's demo client.
  overrides: (_command, values) => (values['demo-if-empty'] ? { DEMO_DATA: 'if-empty', ...demoWindowSettings(process.env) } : {}),
  serve: [startDemo],
};
