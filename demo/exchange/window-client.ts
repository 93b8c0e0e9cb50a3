/**
 * The window's own consumer subsystem in the demo (`ITO/one-window`, already a consumer of the
 * demo exchange): the Ed25519 key it signs its client assertions with, derived from a fixed
 * label so every node of a demo and every restart has the same one (a demo key, printed
 * nowhere and refused in production with the rest of the demo), its registered public JWK, and
 * the settings that point registration at the demo's civil registry and mobile registry,
 * the citizen's inquiries at the literacy, health-insurance and ID-card agencies, and the
 * profiles' checks at its business registry.
 */
import { createHash, createPrivateKey } from 'node:crypto';
import type { Config } from '../../src/config/schema.ts';
import { publicJwkOf } from '../../src/identity/registries/index.ts';
import { formatClientId, formatServiceId } from '../../src/exchange/protocol/identifiers.ts';
import { DEMO_MEMBER_CLASS, providers } from './registrations.ts';

export const WINDOW_AGENCY = 'ITO';
export const WINDOW_SUBSYSTEM = 'one-window';

/** PKCS#8 DER of an Ed25519 private key is this prefix and the 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function demoWindowKeyPem(): string {
  const seed = createHash('sha256').update('onewindow-demo:window-client-assertion-key').digest();
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' }).toString();
}

export const demoWindowJwk = () => publicJwkOf(demoWindowKeyPem());

const serviceId = (instance: string, reference: string) => {
  const p = providers.find((x) => x.reference === reference)!;
  return formatServiceId({ instance, memberClass: DEMO_MEMBER_CLASS, memberCode: p.agencyCode, subsystemCode: p.subsystem.code, serviceCode: p.service.code });
};

/** The registration settings of the demo, for those not set in the environment. */
export function demoWindowSettings(env: NodeJS.ProcessEnv): Partial<Config> {
  const instance = env.INSTANCE_ID ?? 'IR';
  const wanted: Partial<Config> = {
    IDENTITY_EXCHANGE_CLIENT: formatClientId({ instance, memberClass: DEMO_MEMBER_CLASS, memberCode: WINDOW_AGENCY, subsystemCode: WINDOW_SUBSYSTEM }),
    IDENTITY_EXCHANGE_KEY: demoWindowKeyPem(),
    IDENTITY_PERSON_SERVICE: serviceId(instance, 'civil-registry'),
    IDENTITY_MOBILE_SERVICE: serviceId(instance, 'mobile-registry'),
    IDENTITY_COMPANY_SERVICE: serviceId(instance, 'business-registry'),
    // identity: the citizen's inquiries
    INQUIRY_LITERACY_SERVICE: serviceId(instance, 'literacy-movement'),
    INQUIRY_INSURANCE_SERVICE: serviceId(instance, 'health-insurance'),
    INQUIRY_ID_CARD_SERVICE: serviceId(instance, 'id-card-issuance'),
  };
  const keyGiven = env.IDENTITY_EXCHANGE_KEY !== undefined || env.IDENTITY_EXCHANGE_KEY_FILE !== undefined;
  return Object.fromEntries(Object.entries(wanted).filter(([k]) => env[k] === undefined && !(k === 'IDENTITY_EXCHANGE_KEY' && keyGiven)));
}
