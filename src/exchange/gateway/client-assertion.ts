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
 *
 * Refused tokens are remembered too (a second bounded map, also keyed by the token), so a flood
 * of one bad token costs one signature check, not one per call. How long depends on whether the
 * same token could ever pass:
 * - never (bad signature, wrong audience, too long-lived, `iss` ≠ `sub`): until the token's own
 *   `exp` (plus the skew), at most 60 s; after that it is refused as expired without a
 *   signature check anyway;
 * - once a key is registered (unknown or unusable key): only while the snapshot it was decided
 *   on is current, and at most 5 s, so a key registered later is accepted as soon as this node
 *   sees it;
 * - once its time comes (`iat` or `nbf` ahead of the clock): until then;
 * - unreadable or already expired: 5 s (refusing it again is cheap).
 * Checks that need only the claims run on the unverified claims before the signature: they can
 * only refuse, never accept, so malformed and expired tokens cost no signature check at all.
 * What a token is remembered with does not depend on the `X-Road-Client` of the call: the
 * issuer is compared with it on every use, so a caller naming the wrong client cannot get a
 * valid token refused for its owner.
 */
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify, type CryptoKey, type JWK, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import type { ClientCredential } from '../model.ts';
import type { CredentialEntry, ExchangeSnapshot } from '../snapshot/index.ts';
import { GatewayFault } from './errors.ts';

export const MAX_ASSERTION_LIFETIME_S = 300;
export const ASSERTION_CLOCK_SKEW_S = 30;
/** Longest a refusal is remembered. */
export const REFUSAL_MAX_MS = 60_000;
/** How long a refusal that may soon be wrong, or is cheap to repeat, is remembered. */
export const REFUSAL_SHORT_MS = 5_000;
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
/** Compact JWS: three base64url parts; anything else is refused before any decoding. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_TOKEN_LENGTH = 8192;

interface Refusal {
  /** Milliseconds since the epoch; the refusal is forgotten then. */
  untilMs: number;
  /**
   * Set when the refusal depends on the registered keys: it holds for this snapshot only. Weak,
   * so remembered refusals do not keep replaced snapshots in memory.
   */
  snapshot: WeakRef<ExchangeSnapshot> | undefined;
}

/**
 * A failed check, as the gateway answers it (`Server.ClientProxy.SslAuthenticationFailed`);
 * `reason` is its private detail, for the server log only.
 */
export class AssertionRejected extends GatewayFault {
  constructor(
    reason: string,
    /** How long the same token may be refused without checking it again; unset: not remembered. */
    readonly remember?: Refusal,
  ) {
    super('Server.ClientProxy.SslAuthenticationFailed', 'Client authentication failed: the client assertion is not accepted.', { detail: reason });
    this.name = 'AssertionRejected';
  }

  get reason(): string {
    return this.detail ?? '';
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
  /** Most refused tokens remembered; default 10 000. */
  refusalCacheSize?: number;
  /** Called before each signature check (tests count them). */
  onSignatureCheck?: () => void;
}

export class ClientAssertionVerifier {
  readonly #audience: string;
  readonly #now: () => Date;
  readonly #max: number;
  readonly #maxRefused: number;
  readonly #onSignatureCheck: (() => void) | undefined;
  readonly #verified = new Map<string, Verified>();
  readonly #refused = new Map<string, { reason: string } & Refusal>();
  readonly #pending = new Map<string, Promise<Verified>>();
  /** Imported keys, per credential object of a snapshot (a new snapshot imports again). */
  readonly #keys = new WeakMap<ClientCredential, Map<string, Promise<CryptoKey | Uint8Array>>>();

  constructor(options: AssertionVerifierOptions) {
    this.#audience = options.audience;
    this.#now = options.now;
    this.#max = options.cacheSize ?? 10_000;
    this.#maxRefused = options.refusalCacheSize ?? 10_000;
    this.#onSignatureCheck = options.onSignatureCheck;
  }

  /**
   * The credential the assertion was signed with, for a call claiming `client`. Synchronous
   * when the token was verified or refused before (the hot path, and a flood of one bad token);
   * a promise when it must be checked. Throws (or rejects with) `AssertionRejected`.
   */
  verify(token: string, client: string, snapshot: ExchangeSnapshot): CredentialEntry | Promise<CredentialEntry> {
    const nowMs = this.#now().getTime();
    const known = this.#verified.get(token);
    if (known !== undefined) {
      if ((known.exp + ASSERTION_CLOCK_SKEW_S) * 1000 <= nowMs) {
        this.#verified.delete(token);
        throw new AssertionRejected('expired');
      }
      // LRU: move to the most recent end.
      this.#verified.delete(token);
      this.#verified.set(token, known);
      return this.#credential(known, client, snapshot);
    }
    const refused = this.#refused.get(token);
    if (refused !== undefined) {
      if (nowMs < refused.untilMs && (refused.snapshot === undefined || refused.snapshot.deref() === snapshot)) throw new AssertionRejected(refused.reason);
      this.#refused.delete(token);
    }
    // Concurrent first uses of one token share one check.
    let pending = this.#pending.get(token);
    if (pending === undefined) {
      pending = this.#check(token, snapshot, nowMs)
        .then(
          (v) => {
            this.#remember(token, v);
            return v;
          },
          (e: unknown) => {
            if (e instanceof AssertionRejected && e.remember !== undefined) this.#rememberRefusal(token, e.reason, e.remember);
            throw e;
          },
        )
        .finally(() => this.#pending.delete(token));
      this.#pending.set(token, pending);
    }
    return pending.then((v) => this.#credential(v, client, snapshot));
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

  /** Oldest first out: a refused token that keeps coming back costs one more check per round of the map at most. */
  #rememberRefusal(token: string, reason: string, r: Refusal): void {
    this.#refused.delete(token);
    this.#refused.set(token, { reason, ...r });
    if (this.#refused.size > this.#maxRefused) {
      const oldest = this.#refused.keys().next().value;
      if (oldest !== undefined) this.#refused.delete(oldest);
    }
  }

  /** Everything about the token that does not depend on the client it is used for. */
  async #check(token: string, snapshot: ExchangeSnapshot, nowMs: number): Promise<Verified> {
    // Until the token is known to be unexpired, a refusal is kept briefly: repeating it is cheap.
    let untilMs = nowMs + REFUSAL_SHORT_MS;
    const refused = (reason: string, o: { keys?: boolean; validFromMs?: number } = {}) =>
      new AssertionRejected(reason, {
        untilMs: Math.min(untilMs, o.keys ? nowMs + REFUSAL_SHORT_MS : Infinity, o.validFromMs ?? Infinity),
        snapshot: o.keys ? new WeakRef(snapshot) : undefined,
      });

    if (token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) throw refused('malformed');
    let header: ProtectedHeaderParameters;
    let claims: JWTPayload;
    try {
      header = decodeProtectedHeader(token);
      claims = decodeJwt(token);
    } catch {
      throw refused('malformed');
    }
    const { kid, alg } = header;
    if (typeof kid !== 'string' || typeof alg !== 'string' || !ALGORITHMS.includes(alg)) throw refused('bad_header');

    // The claims are not verified yet: they may refuse the token, never accept it.
    const { iat, exp, nbf } = claims;
    if (typeof iat !== 'number' || typeof exp !== 'number') throw refused('missing_times');
    const expiresMs = (exp + ASSERTION_CLOCK_SKEW_S) * 1000;
    if (expiresMs <= nowMs) throw refused('expired');
    untilMs = Math.min(expiresMs, nowMs + REFUSAL_MAX_MS);
    if (exp - iat > MAX_ASSERTION_LIFETIME_S) throw refused('lifetime_too_long');
    const validFromMs = (Math.max(iat, typeof nbf === 'number' ? nbf : -Infinity) - ASSERTION_CLOCK_SKEW_S) * 1000;
    if (validFromMs > nowMs) throw refused(iat - ASSERTION_CLOCK_SKEW_S > nowMs / 1000 ? 'issued_in_future' : 'not_yet_valid', { validFromMs });

    const entry = snapshot.credential('jwk', kid);
    if (entry === undefined || entry.credential.publicJwk === null) throw refused('unknown_key', { keys: true });
    let key: CryptoKey | Uint8Array;
    try {
      key = await this.#importKey(entry.credential, alg);
    } catch {
      throw refused('unusable_key', { keys: true });
    }
    this.#onSignatureCheck?.();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key, {
        audience: this.#audience,
        algorithms: [alg],
        clockTolerance: ASSERTION_CLOCK_SKEW_S,
        requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat'],
        currentDate: this.#now(),
      }));
    } catch (e) {
      throw refused(e instanceof Error && 'code' in e ? String(e.code) : 'invalid');
    }
    const { iss, sub } = payload;
    if (typeof iss !== 'string' || iss !== sub) throw refused('subject_mismatch');
    return { kid, client: iss, exp };
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
      // A failed import is not remembered here: the refusal is, for this snapshot only.
      key.catch(() => cache.delete(alg));
      byAlg.set(alg, key);
    }
    return key;
  }
}
