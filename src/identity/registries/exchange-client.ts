/**
 * The window calling agency services through the exchange, as its own consumer subsystem: the
 * same gateway, the same access rights and the same exchange log as any agency's system. It
 * authenticates with a signed client assertion (RFC 7523, the `private_key_jwt` style the
 * gateway accepts, src/exchange/gateway/client-assertion.ts): its private key stays here, the
 * public JWK is registered as the subsystem's credential. Every call says why it is made
 * (`X-Road-Issue`, the purpose in the log); the data subject is read by the gateway from where
 * the service declares it.
 *
 * A registry that does not answer in time, answers with an error, or a gateway that refuses the
 * call, all become `REGISTRY_UNAVAILABLE` for the person (with the detail for the server log):
 * none of them is something they can fix.
 */
import { createPrivateKey, createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, SignJWT, type JWK } from 'jose';
import { AppError } from '../../core/errors.ts';

export interface ExchangeClientOptions {
  /** `INSTANCE/CLASS/MEMBER/SUBSYSTEM`, the `X-Road-Client` header and the assertion's `iss`/`sub`. */
  clientId: string;
  /** PEM (PKCS#8) private key. */
  privateKeyPem: string;
  /** Base URL of the gateway, without a trailing slash. */
  gatewayUrl: string;
  /** The gateway's own URL, the assertion's `aud`. */
  audience: string;
  timeoutMs: number;
  now?: () => Date;
}

export interface ExchangeAnswer {
  status: number;
  body: unknown;
  /** The gateway's message id, to find the call in the exchange log. */
  messageId: string | null;
}

/**
 * For whom the window makes a call (X-Road message protocol for REST): `userId` is the person
 * who acted, with the country prefix (`IR0012345678`, `X-Road-UserId`); `representedParty` the
 * legal entity they act for (`[CLASS/]CODE`, `X-Road-Represented-Party`). The person the call is
 * about is the service's data subject, read by the gateway from the request.
 */
export interface OnBehalf {
  userId?: string;
  representedParty?: string;
}

/** Assertions live two minutes and are reused until half a minute before they expire. */
const ASSERTION_LIFETIME_S = 120;
const RENEW_BEFORE_S = 30;

function algorithmOf(key: KeyObject): string {
  switch (key.asymmetricKeyType) {
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      return curve === 'secp384r1' ? 'ES384' : curve === 'secp521r1' ? 'ES512' : 'ES256';
    }
    case 'rsa':
      return 'RS256';
    case 'ed25519':
      return 'EdDSA';
    default:
      throw new Error(`IDENTITY_EXCHANGE_KEY: a ${key.asymmetricKeyType ?? 'symmetric'} key cannot sign client assertions; use EC, RSA or Ed25519`);
  }
}

/** The public JWK of a private key (what the operator registers for the subsystem) and its RFC 7638 thumbprint. */
export async function publicJwkOf(privateKeyPem: string): Promise<{ jwk: JWK; kid: string }> {
  const jwk = await exportJWK(createPublicKey(createPrivateKey(privateKeyPem)));
  return { jwk, kid: await calculateJwkThumbprint(jwk, 'sha256') };
}

export class ExchangeClient {
  readonly #key: KeyObject;
  readonly #alg: string;
  readonly #now: () => Date;
  #kid: Promise<string>;
  #assertion: { token: string; renewAt: number } | undefined;

  constructor(readonly options: ExchangeClientOptions) {
    try {
      this.#key = createPrivateKey(options.privateKeyPem);
    } catch (error) {
      throw new Error('IDENTITY_EXCHANGE_KEY: not a PEM private key (PKCS#8 or PKCS#1/SEC1)', { cause: error });
    }
    this.#alg = algorithmOf(this.#key);
    this.#now = options.now ?? (() => new Date());
    this.#kid = publicJwkOf(options.privateKeyPem).then((k) => k.kid);
  }

  async #token(): Promise<string> {
    const nowS = Math.floor(this.#now().getTime() / 1000);
    if (this.#assertion && nowS < this.#assertion.renewAt) return this.#assertion.token;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: this.#alg, kid: await this.#kid })
      .setIssuer(this.options.clientId)
      .setSubject(this.options.clientId)
      .setAudience(this.options.audience)
      .setIssuedAt(nowS)
      .setExpirationTime(nowS + ASSERTION_LIFETIME_S)
      .setJti(randomUUID())
      .sign(this.#key);
    this.#assertion = { token, renewAt: nowS + ASSERTION_LIFETIME_S - RENEW_BEFORE_S };
    return token;
  }

  /**
   * GET `path` (already encoded, with its query) of the service `serviceId`
   * (`INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE`), made for `onBehalf` when a person acted. Answers with the provider's status and JSON
   * body; throws `REGISTRY_UNAVAILABLE` when there is no usable answer.
   */
  async get(serviceId: string, path: string, purpose: string, onBehalf: OnBehalf = {}): Promise<ExchangeAnswer> {
    const target = `${this.options.gatewayUrl}/r1/${serviceId.split('/').map(encodeURIComponent).join('/')}${path}`;
    let res: Response;
    try {
      res = await fetch(target, {
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${await this.#token()}`,
          'x-road-client': this.options.clientId,
          'x-road-issue': purpose,
          ...(onBehalf.userId === undefined ? {} : { 'x-road-userid': onBehalf.userId }),
          ...(onBehalf.representedParty === undefined ? {} : { 'x-road-represented-party': onBehalf.representedParty }),
        },
        signal: AbortSignal.timeout(this.options.timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      throw new AppError('REGISTRY_UNAVAILABLE', { detail: `${serviceId}: no answer from the gateway (${error instanceof Error ? error.name : 'error'})`, cause: error });
    }
    const messageId = res.headers.get('x-road-id');
    const gatewayError = res.headers.get('x-road-error');
    let body: unknown;
    try {
      body = await res.json();
    } catch (error) {
      throw new AppError('REGISTRY_UNAVAILABLE', { detail: `${serviceId}: HTTP ${res.status}, the body is not JSON (message ${messageId})`, cause: error });
    }
    if (gatewayError) throw new AppError('REGISTRY_UNAVAILABLE', { detail: `${serviceId}: the gateway refused the call: ${gatewayError} (HTTP ${res.status}, message ${messageId})` });
    return { status: res.status, body, messageId };
  }
}
