/**
 * authenticate: which consumer subsystem is calling. Credentials are tried in a fixed order and
 * the first one presented decides (a presented but bad credential is not excused by another):
 *
 * 1. a mutual-TLS client certificate, registered by its SHA-256 fingerprint (and, when
 *    `GATEWAY_TLS_CA_FILE` is set, chaining to that CA);
 * 2. only when `GATEWAY_SHARED_SECRETS` is on (demo): `X-OneWindow-Client-Secret`, looked up by
 *    its SHA-256. No constant-time comparison is needed: the lookup compares hashes, and timing
 *    can at most tell an attacker something about the hash of a secret they chose, which says
 *    nothing about a stored secret (SHA-256 is preimage-resistant);
 * 3. `Authorization: Bearer <signed JWT client assertion>` (see client-assertion.ts).
 *
 * `Authorization` comes last because it is also the consumer's to send on: a consumer that
 * authenticated otherwise may pass an end user's token to the provider (PR-REST §4.7).
 *
 * The credential's subsystem must be the one `X-Road-Client` names, active, and the credential
 * within its `notAfter`. Every failure is `Server.ClientProxy.SslAuthenticationFailed` with one
 * of two public messages (no credential / credential not accepted); why it was not accepted
 * goes to the server log only.
 *
 * `listClients` needs no client, `listMethods` and `getOpenAPI` a well-formed `X-Road-Client`
 * (checked by parse), `allowedMethods` and service calls an authenticated one.
 */
import { createHash } from 'node:crypto';
import { formatClientId } from '../protocol/identifiers.ts';
import type { CredentialEntry } from '../snapshot/index.ts';
import { AssertionRejected, ClientAssertionVerifier, type AssertionVerifierOptions } from './client-assertion.ts';
import { peerCertificate } from './client-certificate.ts';
import type { Exchange, Step } from './exchange.ts';
import { GatewayError, RefusalWithReason } from './errors.ts';

export const SECRET_HEADER = 'x-onewindow-client-secret';

export interface AuthenticateOptions {
  /** `aud` of client assertions: the gateway's public URL. */
  audience: string;
  /** `GATEWAY_SHARED_SECRETS`. */
  sharedSecrets: boolean;
  /** A CA file is configured: client certificates must chain to it as well as be registered. */
  clientCa: boolean;
  now: () => Date;
  /** Cache sizes and the signature-check hook of the client-assertion verifier. */
  assertions?: Omit<AssertionVerifierOptions, 'audience' | 'now'>;
}

const NO_CREDENTIAL = 'Client authentication failed: no client certificate or client assertion was presented. / احراز هویت کارخواه ناموفق بود: گواهی یا ادعای امضاشده‌ای ارائه نشد.';
const NOT_ACCEPTED = 'Client authentication failed: the credential is not accepted for the client named in X-Road-Client. / احراز هویت کارخواه ناموفق بود: اعتبارنامه برای کارخواه اعلام‌شده پذیرفته نیست.';

/**
 * What each kind of credential used up. X-Road passes a consumer's `Authorization` (an end
 * user's token, say) to the provider unchanged (PR-REST §4.7), so only the header that carried
 * the credential for the gateway is kept back; the demo secret header is ours and never passes.
 */
const CREDENTIAL_HEADERS = {
  certificate: new Set([SECRET_HEADER]),
  assertion: new Set(['authorization', SECRET_HEADER]),
  secret: new Set([SECRET_HEADER]),
} as const;

const refuse = (reason: string, message = NOT_ACCEPTED) => new RefusalWithReason('Server.ClientProxy.SslAuthenticationFailed', message, reason);

export function createAuthenticate(options: AuthenticateOptions): Step {
  const verifier = new ClientAssertionVerifier({ ...options.assertions, audience: options.audience, now: options.now });

  function accept(x: Exchange, entry: CredentialEntry, claimed: string, kind: keyof typeof CREDENTIAL_HEADERS): void {
    if (entry.subsystem.key !== claimed) throw refuse('client_mismatch');
    if (entry.subsystem.subsystem.status !== 'active') throw refuse('subsystem_disabled');
    const notAfter = entry.credential.notAfter;
    if (notAfter !== null && Date.parse(notAfter) <= options.now().getTime()) throw refuse('credential_expired');
    x.consumer = entry.subsystem;
    x.credentialHeaders = CREDENTIAL_HEADERS[kind];
  }

  return function authenticate(x) {
    if (x.listClients !== undefined) return;
    const target = x.target;
    if (target?.kind === 'metaservice' && target.metaservice !== 'allowedMethods') return;
    if (x.claimedClient === undefined) throw new GatewayError('Client.InvalidClientIdentifier', 'the X-Road-Client header is missing');
    const claimed = formatClientId(x.claimedClient);

    const cert = peerCertificate(x.req.socket);
    if (cert !== null) {
      if (options.clientCa && !cert.trusted) throw refuse('certificate_not_trusted');
      const entry = x.snapshot.credential('certificate', cert.fingerprint);
      if (entry === undefined) throw refuse('unknown_certificate');
      return accept(x, entry, claimed, 'certificate');
    }

    let authorization: string | undefined;
    let secret: string | undefined;
    let duplicate = false;
    for (const [name, value] of x.headers) {
      if (name.length === 13 && name.toLowerCase() === 'authorization') {
        duplicate ||= authorization !== undefined;
        authorization = value;
      } else if (name.length === SECRET_HEADER.length && name.toLowerCase() === SECRET_HEADER) {
        duplicate ||= secret !== undefined;
        secret = value;
      }
    }
    if (duplicate) throw refuse('duplicate_credential_header');

    if (secret !== undefined && options.sharedSecrets) {
      const entry = x.snapshot.credential('secret', createHash('sha256').update(secret).digest('hex'));
      if (entry === undefined) throw refuse('unknown_secret');
      return accept(x, entry, claimed, 'secret');
    }

    if (authorization !== undefined) {
      const space = authorization.indexOf(' ');
      if (space === -1 || authorization.slice(0, space).toLowerCase() !== 'bearer') throw refuse('not_bearer');
      const token = authorization.slice(space + 1).trim();
      let found: CredentialEntry | Promise<CredentialEntry>;
      try {
        found = verifier.verify(token, claimed, x.snapshot);
      } catch (e) {
        throw e instanceof AssertionRejected ? refuse(e.reason) : e;
      }
      if (!(found instanceof Promise)) return accept(x, found, claimed, 'assertion');
      return found.then(
        (entry) => accept(x, entry, claimed, 'assertion'),
        (e: unknown) => {
          throw e instanceof AssertionRejected ? refuse(e.reason) : e;
        },
      );
    }

    throw refuse('no_credential', NO_CREDENTIAL);
  };
}
