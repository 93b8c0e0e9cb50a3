import { readFileSync } from 'node:fs';
import type { Config } from '../../config/schema.ts';
import { ExchangeClient } from './exchange-client.ts';
import { exchangeRegistries, type Registries } from './registries.ts';

export type RegistriesConfig = Pick<
  Config,
  | 'IDENTITY_EXCHANGE_CLIENT'
  | 'IDENTITY_EXCHANGE_KEY_FILE'
  | 'IDENTITY_EXCHANGE_KEY'
  | 'IDENTITY_EXCHANGE_GATEWAY_URL'
  | 'IDENTITY_PERSON_SERVICE'
  | 'IDENTITY_MOBILE_SERVICE'
  | 'IDENTITY_REGISTRY_TIMEOUT_MS'
  | 'GATEWAY_PORT'
  | 'GATEWAY_HOST'
  | 'GATEWAY_PUBLIC_URL'
  | 'GATEWAY_TLS_CERT_FILE'
  | 'GATEWAY_TLS_KEY_FILE'
  | 'HOST'
>;

/**
 * The gateway's own URL as it names itself (the audience it accepts), the rule of
 * `gatewayPublicUrl` in src/exchange/gateway/server.ts, repeated because identity reaches the
 * exchange only over HTTP, like any other consumer.
 */
function ownGatewayAudience(config: RegistriesConfig): string {
  if (config.GATEWAY_PUBLIC_URL) return config.GATEWAY_PUBLIC_URL.replace(/\/$/, '');
  const host = config.GATEWAY_HOST ?? config.HOST;
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const scheme = config.GATEWAY_TLS_CERT_FILE && config.GATEWAY_TLS_KEY_FILE ? 'https' : 'http';
  return `${scheme}://${shown.includes(':') ? `[${shown}]` : shown}:${config.GATEWAY_PORT}`;
}

/**
 * The window's own exchange client as the settings describe it, or null when it is not set up
 * (no client or key). Every call the window makes to an agency — registration's checks, the
 * profiles' registry checks, the citizen's inquiries — goes through this one client.
 */
export function windowExchangeClientFromConfig(config: RegistriesConfig): ExchangeClient | null {
  let key = config.IDENTITY_EXCHANGE_KEY;
  if (config.IDENTITY_EXCHANGE_KEY_FILE) {
    try {
      key = readFileSync(config.IDENTITY_EXCHANGE_KEY_FILE, 'utf8');
    } catch (error) {
      throw new Error(`IDENTITY_EXCHANGE_KEY_FILE: cannot read ${config.IDENTITY_EXCHANGE_KEY_FILE} (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
  }
  if (!config.IDENTITY_EXCHANGE_CLIENT || !key) return null;
  const own = !config.IDENTITY_EXCHANGE_GATEWAY_URL;
  const scheme = config.GATEWAY_TLS_CERT_FILE && config.GATEWAY_TLS_KEY_FILE ? 'https' : 'http';
  const gatewayUrl = (config.IDENTITY_EXCHANGE_GATEWAY_URL ?? `${scheme}://127.0.0.1:${config.GATEWAY_PORT}`).replace(/\/$/, '');
  return new ExchangeClient({
    clientId: config.IDENTITY_EXCHANGE_CLIENT,
    privateKeyPem: key,
    gatewayUrl,
    audience: own || config.GATEWAY_PUBLIC_URL ? ownGatewayAudience(config) : gatewayUrl,
    timeoutMs: config.IDENTITY_REGISTRY_TIMEOUT_MS,
  });
}

/**
 * The registries as the settings describe them, or null when registration is not set up (no
 * client, key or service ids): then registration answers `REGISTRY_UNAVAILABLE`.
 */
export function registriesFromConfig(config: RegistriesConfig, client = windowExchangeClientFromConfig(config)): Registries | null {
  if (!client || !config.IDENTITY_PERSON_SERVICE || !config.IDENTITY_MOBILE_SERVICE) return null;
  return exchangeRegistries(client, { person: config.IDENTITY_PERSON_SERVICE, mobile: config.IDENTITY_MOBILE_SERVICE });
}
