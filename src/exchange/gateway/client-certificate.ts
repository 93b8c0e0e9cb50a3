/**
 * Mutual TLS: the consumer's client certificate, identified by the SHA-256 of its DER encoding
 * (hex), the fingerprint a subsystem registers. The server asks for a certificate but does not
 * let TLS refuse the handshake (`rejectUnauthorized: false`), so a consumer without one still
 * reaches the gateway and gets an X-Road error instead of a bare TLS alert.
 */
import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';

export interface PeerCertificate {
  fingerprint: string;
  /** The certificate chains to a CA of `GATEWAY_TLS_CA_FILE` (Node's `socket.authorized`). */
  trusted: boolean;
}

/** Computed once per connection: a keep-alive connection carries many calls. */
const seen = new WeakMap<TLSSocket, PeerCertificate | null>();

/** The client certificate of this connection, or null when there is none (or no TLS). */
export function peerCertificate(socket: Socket): PeerCertificate | null {
  if (!(socket instanceof TLSSocket)) return null;
  let cert = seen.get(socket);
  if (cert === undefined) {
    const peer = socket.getPeerCertificate();
    const raw = peer && 'raw' in peer ? (peer.raw as Buffer | undefined) : undefined;
    cert = raw && raw.length > 0 ? { fingerprint: createHash('sha256').update(raw).digest('hex'), trusted: socket.authorized } : null;
    seen.set(socket, cert);
  }
  return cert;
}

/** The fingerprint as registered: SHA-256 of the DER, lower-case hex. */
export function certificateFingerprint(pemOrDer: string | Buffer): string {
  const der = typeof pemOrDer === 'string' ? Buffer.from(pemOrDer.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64') : pemOrDer;
  return createHash('sha256').update(der).digest('hex');
}
