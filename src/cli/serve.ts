import type { Config } from '../config/schema.ts';
import { handleSignals, startServer } from '../server.ts';
import type { CommandArgs } from './main.ts';
import { describeDemoExchange, gatewayUrlFromConfig } from '../../demo/exchange/start.ts';

export async function serveCommand(_args: CommandArgs, config: Config): Promise<void> {
  const server = await startServer(config);
  handleSignals(server, config);
  const demo = config.DEMO_DATA !== 'off' ? ' (demo data)' : '';
  console.log(
    `\nOneWindow is running${demo}. Open ${server.url}/\n` +
      `  Dashboard: ${server.url}/dashboard   Staff area: ${server.url}/staff   API docs: ${server.url}/api/docs\n` +
      `  Exchange gateway (X-Road r1): ${server.gatewayUrl}/listClients\n`,
  );
  if (server.demo) {
    const gatewayUrl = 'gatewayUrl' in server && typeof server.gatewayUrl === 'string' ? server.gatewayUrl : gatewayUrlFromConfig(config);
    console.log(`${describeDemoExchange(server.demo, gatewayUrl)}\n`);
  }
}
