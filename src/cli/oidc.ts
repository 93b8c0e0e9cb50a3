import type { Config } from '../config/schema.ts';
import { rotateSigningKey } from '../identity/index.ts';
import type { CommandArgs } from './command.ts';
import { withDatabase } from './with-database.ts';

const number = (value: unknown, fallback: number): number | undefined => {
  if (value === undefined) return fallback;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
};

/**
 * `oidc rotate-key`: the OpenID Connect provider's next signing key, published at once and
 * signing after `--publish-hours` (default 24), the old kept for verification `--retain-days`
 * after that (default 7). Every node picks it up within a minute. See docs/identity.md.
 */
export async function oidcCommand({ positionals, values }: CommandArgs, config: Config): Promise<number> {
  if (positionals[0] !== 'rotate-key' || positionals.length !== 1) {
    console.error('Usage: onewindow oidc rotate-key [--publish-hours H] [--retain-days D]');
    return 2;
  }
  const publishHours = number(values['publish-hours'], 24);
  const retainDays = number(values['retain-days'], 7);
  if (publishHours === undefined || retainDays === undefined) {
    console.error('--publish-hours and --retain-days take a number of 0 or more');
    return 2;
  }
  const { kid, signsFrom } = await withDatabase(config, (db) => rotateSigningKey(db, new Date(), { publishSeconds: Math.round(publishHours * 3600), retainSeconds: Math.round(retainDays * 86400) }));
  console.log(`New signing key ${kid}: published now, signs from ${signsFrom.toISOString()}; the keys before it stay published ${retainDays} days after that.`);
  return 0;
}
