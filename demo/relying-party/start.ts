/**
 * What `npm start` (`serve --demo-if-empty`) adds for single sign-on: the literacy movement's
 * portal, a real relying party, on DEMO_RELYING_PARTY_PORT (127.0.0.1), registered as a client
 * of the literacy movement agency (LMO). Each start issues the client a new secret, which only
 * this process knows (the window keeps its hash). A second node finding the port taken leaves it
 * to the node that has it.
 */
import type { Database } from '../../src/db/database.ts';
import type { Config } from '../../src/config/schema.ts';
import { publicUrl } from '../../src/config/load.ts';
import { changeClient, createClient } from '../../src/identity/oidc/index.ts';
import type { ServerPart } from '../../src/cli/main.ts';
import { personRecord } from '../agencies/civil-registry/data.ts';
import { mobilesOwnedBy } from '../agencies/mobile-registry/data.ts';

/** A synthetic person of the reference registries a demo user can register as. */
const demoPerson = '1234567210';
import { startRelyingParty, type RelyingPartyOptions } from './server.ts';

export const DEMO_RP_CLIENT_ID = 'literacy-movement-portal';
const system = { kind: 'system', name: 'demo' } as const;

export async function startDemoRelyingParty(db: Database, config: Config): Promise<ServerPart | undefined> {
  if (config.ROLE === 'gateway' || config.DEMO_DATA !== 'if-empty') return undefined;
  const options: RelyingPartyOptions = { issuer: publicUrl(config), clientId: DEMO_RP_CLIENT_ID, clientSecret: '', host: '127.0.0.1', port: config.DEMO_RELYING_PARTY_PORT };
  let running;
  try {
    running = await startRelyingParty(options);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') return undefined;
    throw err;
  }
  try {
    const port = new URL(running.url).port;
    const at = (path: string) => [`http://127.0.0.1:${port}${path}`];
    const registration = {
      nameFa: 'درگاه نهضت سوادآموزی (نمونه)',
      nameEn: 'Literacy Movement portal (reference)',
      redirectUris: at('/callback'),
      postLogoutRedirectUris: at('/'),
      scopes: ['openid', 'profile', 'phone', 'national_code', 'acting_for'],
      authMethod: 'client_secret_basic' as const,
      disabled: false,
    };
    const created = await createClient(db, system, { clientId: DEMO_RP_CLIENT_ID, agencyCode: 'LMO', ...registration }, () => {}).catch((err: { code?: string }) => {
      if (err.code === 'OIDC_CLIENT_ID_TAKEN') return undefined;
      throw err;
    });
    const secret = created?.clientSecret ?? (await changeClient(db, system, DEMO_RP_CLIENT_ID, { ...registration, newSecret: true }, () => {})).clientSecret;
    options.clientSecret = secret!;
  } catch (err) {
    await running.close();
    // Without the demo registry (no LMO agency) there is nothing to sign in to.
    if ((err as { code?: string }).code === 'AGENCY_NOT_FOUND') return undefined;
    throw err;
  }
  return {
    describe: () =>
      [
        `Try single sign-on (demo): the literacy movement's portal, a relying party of the window: ${running.url}/`,
        `  "Sign in with the national window" goes to ${options.issuer}/oidc/auth and back; it shows the pairwise subject and the granted claims.`,
        ...demoPersonLines(options.issuer),
      ].join('\n'),
    close: running.close,
  };
}

/** How to become a person of the synthetic registries: who to register as, and where the SMS code shows. */
function demoPersonLines(portal: string): string[] {
  const person = personRecord(demoPerson);
  const mobile = mobilesOwnedBy(demoPerson)[0];
  if (!person || !mobile) return [];
  return [
    `  No account yet? Register at ${portal}/register as a person of the reference civil registry, e.g. national code ${demoPerson},`,
    `  born ${person.birthDate} (${person.birthDatePersian}), mobile ${mobile}; the one-time code appears at ${portal}/demo/messages.`,
  ];
}
