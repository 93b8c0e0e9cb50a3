import type { Config } from '../config/schema.ts';
import { handleSignals, startServer, type ServerHook } from '../server.ts';
import type { CommandArgs } from './command.ts';

/** `serve`, with the start-up hooks the CLI's extensions bring (none in the product itself). */
export function serveCommand(hooks: readonly ServerHook[] = []) {
  return async function serve(_args: CommandArgs, config: Config): Promise<void> {
    const server = await startServer(config, hooks);
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
    for (const part of server.parts) {
      const text = part.describe?.(server.gatewayUrl ? { gatewayUrl: server.gatewayUrl } : {});
      if (text) console.log(`${text}\n`);
    }
  };
}
