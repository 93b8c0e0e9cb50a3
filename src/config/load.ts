import Value from 'typebox/value';
import { ConfigSchema, type Config } from './schema.ts';
import { parseTargets } from '../core/targets.ts';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const keysOfType = (type: string) =>
  new Set(
    Object.entries(ConfigSchema.properties)
      .filter(([, s]) => (s as { type?: string }).type === type)
      .map(([k]) => k),
  );
const integerKeys = keysOfType('integer');
const booleanKeys = keysOfType('boolean');

/** Environment variables are text; numbers and booleans are read from their usual spellings. */
function fromEnv(key: string, value: string): unknown {
  const v = value.trim();
  if (integerKeys.has(key) && /^-?\d+$/.test(v)) return Number(v);
  if (booleanKeys.has(key) && /^(true|1|yes)$/i.test(v)) return true;
  if (booleanKeys.has(key) && /^(false|0|no)$/i.test(v)) return false;
  return value;
}

/**
 * Reads settings from an environment-like record, applies defaults and validates them.
 * Unknown `ONEWINDOW_*`-style keys are not our business; only keys of the schema are read.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(ConfigSchema.properties)) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    raw[key] = fromEnv(key, value);
  }
  Object.assign(raw, overrides);
  // The demo's consumer systems authenticate with shared secrets, unless a setting says otherwise.
  if (raw.DEMO_DATA === 'if-empty' && raw.GATEWAY_SHARED_SECRETS === undefined && raw.NODE_ENV !== 'production') raw.GATEWAY_SHARED_SECRETS = true;
  // Messages are written to the log on a laptop; production sends none until a provider is set.
  if (raw.NODE_ENV === 'production') for (const key of ['SMS_SENDER', 'EMAIL_SENDER']) raw[key] ??= 'none';
  const withDefaults = Value.Default(ConfigSchema, raw);
  const problems = [...Value.Errors(ConfigSchema, withDefaults)].map((e) => {
    const key = e.instancePath.replace(/^\//, '') || (e.params as { requiredProperties?: string[] }).requiredProperties?.join(', ') || '(root)';
    return `${key}: ${e.message} (got ${JSON.stringify((withDefaults as Record<string, unknown>)[key])})`;
  });
  if (problems.length) throw new ConfigError(problems);
  const config = withDefaults as Config;
  problems.push(...productionProblems(config));
  try {
    parseTargets(config.INSIGHTS_TARGETS);
  } catch (e) {
    problems.push(`INSIGHTS_TARGETS: ${(e as Error).message}`);
  }
  if (config.SMS_SENDER === 'http' && config.SMS_HTTP_URL === undefined) problems.push('SMS_HTTP_URL: SMS_SENDER=http needs the provider\'s address');
  if (config.EMAIL_SENDER === 'smtp' && config.SMTP_URL === undefined) problems.push('SMTP_URL: EMAIL_SENDER=smtp needs the mail server\'s address');
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** Unsafe settings that are fine on a laptop and must never reach production. */
function productionProblems(config: Config): string[] {
  if (config.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (config.DEMO_DATA !== 'off') problems.push('DEMO_DATA: the demo dataset is refused in production (set DEMO_DATA=off)');
  if (config.GATEWAY_SHARED_SECRETS) problems.push('GATEWAY_SHARED_SECRETS: plain shared secrets are refused in production (use client certificates or signed client assertions)');
  if (config.SMS_SENDER === 'log') problems.push('SMS_SENDER: writing text messages (one-time codes) to the log is refused in production (use http, or none)');
  if (config.EMAIL_SENDER === 'log') problems.push('EMAIL_SENDER: writing e-mail to the log is refused in production (use smtp, or none)');
  if (config.EXCHANGE_LOG_CHECKPOINT_DIR !== undefined && config.EXCHANGE_LOG_CHECKPOINT_KEY_FILE === undefined) problems.push('EXCHANGE_LOG_CHECKPOINT_KEY_FILE: checkpoints need a configured signing key in production (a generated key would sit beside the checkpoints it signs)');
  if (config.OIDC_PAIRWISE_SALT === 'onewindow-demo-pairwise-salt') problems.push('OIDC_PAIRWISE_SALT: the development default is refused in production (set a random secret of 32 bytes or more, and never change it)');
  if (config.OIDC_COOKIE_KEYS.split(',').includes('onewindow-demo-oidc-cookie-key')) problems.push('OIDC_COOKIE_KEYS: the development default is refused in production (set one or more random secrets, comma-separated)');
  return problems;
}

export function publicUrl(config: Config, port = config.PORT): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL.replace(/\/$/, '');
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
