import type { Config } from '../config/schema.ts';
import { handleSignals, startServer } from '../server.ts';
import type { CommandArgs } from './main.ts';
import { describeDemoExchange, gatewayUrlFromConfig } from '../../demo/exchange/start.ts';

export async function serveCommand(_args: CommandArgs, config: Config): Promise<void> {
  const server = await startServer(config);
  handleSignals(server, config);
  const demo = config.DEMO_DATA !== 'off' ? ' (demo data)' : '';
  if (server.role === 'gateway') {
    // What a load balancer probes is on PORT; the gateway's port answers the X-Road protocol only.
    console.log(
      `\nOneWindow exchange gateway is running (--role gateway). Gateway (X-Road r1): ${server.gatewayUrl}/listClients\n` +
        `  Health: ${server.url}/healthz   Readiness: ${server.url}/readyz   Metrics: ${server.url}/metrics\n`,
    );
    return;
  }
  const gateway = server.gatewayUrl ? `  Exchange gateway (X-Road r1): ${server.gatewayUrl}/listClients\n` : `  Exchange gateway: not on this node (--role portal)\n`;
  console.log(
    `\nOneWindow is running${demo}. Open ${server.url}/\n` +
      `  Dashboard: ${server.url}/dashboard   Staff area: ${server.url}/staff   API docs: ${server.url}/api/docs\n` +
      gateway,
  );
  if (server.demo) console.log(`${describeDemoExchange(server.demo, server.gatewayUrl ?? gatewayUrlFromConfig(config))}\n`);
}
