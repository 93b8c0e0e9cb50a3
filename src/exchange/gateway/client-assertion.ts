/**
 * Signed JWT client assertions (RFC 7523 §2.2, the `private_key_jwt` style of OpenID Connect),
 * sent as `Authorization: Bearer <jwt>`, for consumers whose TLS ends at a proxy in front of the
 * gateway.
 *
 * What a consumer sends:
 * - header `kid` = the RFC 7638 SHA-256 thumbprint (base64url) of the public JWK it registered
 *   for its subsystem; `alg` an asymmetric algorithm that key supports (RS*, PS*, ES*, EdDSA);
 * - claims `iss` = `sub` = its client id exactly as in `X-Road-Client`
 *   (`IR/GOV/MEMBER/SUBSYSTEM`), `aud` = the gateway's public URL (`GATEWAY_PUBLIC_URL`),
 *   `iat` and `exp` with `exp - iat` at most 300 seconds.
 *
 * One assertion may be reused for many calls until it expires: a verified token is remembered
 * (bounded LRU keyed by the token), so a signature is checked once per token, not once per
 * call. `jti` is therefore not a one-time nonce here; the short lifetime bounds replay, and TLS
 * to the proxy protects the token in transit. Each use still re-checks, against the current
 * snapshot, that the key is registered and not revoked, so revoking a key ends its cached tokens
 * at once.
 */
import { decodeProtectedHeader, importJWK, jwtVerify, type CryptoKey, type JWK } from 'jose';
import type { ClientCredential } from '../model.ts';
import type { CredentialEntry, ExchangeSnapshot } from '../snapshot.ts';

export const MAX_ASSERTION_LIFETIME_S = 300;
export const ASSERTION_CLOCK_SKEW_S = 30;
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
/** Compact JWS: three base64url parts; anything else is refused before any decoding. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_TOKEN_LENGTH = 8192;

/** A failed check; `reason` is for the server log only. */
export class AssertionRejected extends Error {
  constructor(readonly reason: string) {
    super(`client assertion rejected: ${reason}`);
    this.name = 'AssertionRejected';
  }
}

interface Verified {
  kid: string;
  /** `iss` = `sub`: the client id the assertion was made for. */
  client: string;
  /** Seconds since the epoch. */
  exp: number;
}

export interface AssertionVerifierOptions {
  /** The gateway's public URL: the only accepted `aud`. */
  audience: string;
  now: () => Date;
  /** Most verified tokens remembered; default 10 000. */
  cacheSize?: number;
}

export class ClientAssertionVerifier {
  readonly #audience: string;
  readonly #now: () => Date;
  readonly #max: number;
  readonly #verified = new Map<string, Verified>();
  readonly #pending = new Map<string, Promise<Verified>>();
  /** Imported keys, per credential object of a snapshot (a new snapshot imports again). */
  readonly #keys = new WeakMap<ClientCredential, Map<string, Promise<CryptoKey | Uint8Array>>>();

  constructor(options: AssertionVerifierOptions) {
    this.#audience = options.audience;
    this.#now = options.now;
    this.#max = options.cacheSize ?? 10_000;
  }

  /**
   * The credential the assertion was signed with, for a call claiming `client`. Synchronous
   * when the token was verified before (the hot path); a promise when a signature must be checked.
   * Throws (or rejects with) `AssertionRejected`.
   */
  verify(token: string, client: string, snapshot: ExchangeSnapshot): CredentialEntry | Promise<CredentialEntry> {
    const nowS = this.#now().getTime() / 1000;
    const known = this.#verified.get(token);
    if (known !== undefined) {
      if (known.exp + ASSERTION_CLOCK_SKEW_S <= nowS) {
        this.#verified.delete(token);
        throw new AssertionRejected('expired');
      }
      // LRU: move to the most recent end.
      this.#verified.delete(token);
      this.#verified.set(token, known);
      return this.#credential(known, client, snapshot);
    }
    // Concurrent first uses of one token share one signature check.
    const pendingKey = client + '\n' + token;
    let pending = this.#pending.get(pendingKey);
    if (pending === undefined) {
      pending = this.#verifySignature(token, client, snapshot).finally(() => this.#pending.delete(pendingKey));
      this.#pending.set(pendingKey, pending);
    }
    return pending.then((v) => {
      this.#remember(token, v);
      return this.#credential(v, client, snapshot);
    });
  }

  #credential(v: Verified, client: string, snapshot: ExchangeSnapshot): CredentialEntry {
    if (v.client !== client) throw new AssertionRejected('issuer_mismatch');
    const entry = snapshot.credential('jwk', v.kid);
    if (entry === undefined) throw new AssertionRejected('unknown_key');
    return entry;
  }

  #remember(token: string, v: Verified): void {
    if (this.#verified.has(token)) return;
    this.#verified.set(token, v);
    if (this.#verified.size > this.#max) {
      const oldest = this.#verified.keys().next().value;
      if (oldest !== undefined) this.#verified.delete(oldest);
    }
  }

  async #verifySignature(token: string, client: string, snapshot: ExchangeSnapshot): Promise<Verified> {
    if (token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) throw new AssertionRejected('malformed');
    let kid: unknown;
    let alg: unknown;
    try {
      ({ kid, alg } = decodeProtectedHeader(token));
    } catch {
      throw new AssertionRejected('malformed');
    }
    if (typeof kid !== 'string' || typeof alg !== 'string' || !ALGORITHMS.includes(alg)) throw new AssertionRejected('bad_header');
    const entry = snapshot.credential('jwk', kid);
    if (entry === undefined || entry.credential.publicJwk === null) throw new AssertionRejected('unknown_key');
    const key = this.#importKey(entry.credential, alg);
    let payload: { iat?: number; exp?: number; iss?: string };
    try {
      ({ payload } = await jwtVerify(token, await key, {
        issuer: client,
        subject: client,
        audience: this.#audience,
        algorithms: [alg],
        clockTolerance: ASSERTION_CLOCK_SKEW_S,
        requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat'],
        currentDate: this.#now(),
      }));
    } catch (e) {
      throw new AssertionRejected(e instanceof Error && 'code' in e ? String(e.code) : 'invalid');
    }
    const { iat, exp } = payload;
    if (typeof iat !== 'number' || typeof exp !== 'number') throw new AssertionRejected('missing_times');
    if (exp - iat > MAX_ASSERTION_LIFETIME_S) throw new AssertionRejected('lifetime_too_long');
    if (iat > this.#now().getTime() / 1000 + ASSERTION_CLOCK_SKEW_S) throw new AssertionRejected('issued_in_future');
    return { kid, client, exp };
  }

  #importKey(credential: ClientCredential, alg: string): Promise<CryptoKey | Uint8Array> {
    let byAlg = this.#keys.get(credential);
    if (byAlg === undefined) {
      byAlg = new Map();
      this.#keys.set(credential, byAlg);
    }
    let key = byAlg.get(alg);
    if (key === undefined) {
      key = importJWK(credential.publicJwk as JWK, alg);
      const cache = byAlg;
      // A failed import is not remembered: the next call tries again (and fails the same way).
      key.catch(() => cache.delete(alg));
      byAlg.set(alg, key);
    }
    return key.catch(() => {
      throw new AssertionRejected('unusable_key');
    });
  }
}
