/**
 * `X-Road-Request-Hash` = base64(SHA-512(SHA-512(head) ‖ SHA-512(body))), or
 * base64(SHA-512(head)) when there is no body. The only file here that touches node:crypto.
 *
 * The spec leaves "request headers" unserialised. The head is serialised the way the real
 * security server serialises a REST request message (`RestRequest.toByteArray`):
 *
 *   METHOD CRLF
 *   request-target CRLF            (the /r1/... path and ?query exactly as received)
 *   name: value CRLF               (once per header, in the order forwarded to the provider)
 *
 * with two choices of ours: header names are lower-cased, because HTTP names are
 * case-insensitive and Node and HTTP/2 lower-case them anyway, so the same message gives the
 * same hash on every hop; and the headers are the ones forwarded (after filtering), because
 * that is the message the provider received and the log vouches for. Method and target are
 * included so two calls with equal headers to different endpoints do not share a hash.
 * Strings are hashed as their wire bytes (ISO-8859-1, as Node hands header bytes to JS).
 *
 * "No body" means no body bytes: a POST with `Content-Length: 0` hashes like a GET.
 */
import { createHash, hash, type Hash } from 'node:crypto';
import type { HeaderList } from './headers.ts';

const CRLF = '\r\n';

// eslint-disable-next-line no-control-regex -- the whole ISO-8859-1 range, controls included, is allowed
const NON_LATIN1 = /[^\u0000-\u00ff]/;
// eslint-disable-next-line no-control-regex -- ASCII, controls included
const NON_ASCII = /[^\u0000-\u007f]/;

/** The text's wire bytes, as a Buffer or, for ASCII (almost every head), the string itself: its UTF-8 is the same. */
function wireBytes(text: string): Buffer | string {
  if (!NON_ASCII.test(text)) return text;
  // Characters above U+00FF cannot have come from the wire; hashing them lossily would let two
  // different messages share a hash.
  if (NON_LATIN1.test(text)) throw new RangeError('a message head contains a character outside ISO-8859-1');
  return Buffer.from(text, 'latin1');
}

function headerLines(headers: HeaderList): string {
  let out = '';
  for (const [name, value] of headers) out += `${name.toLowerCase()}: ${value}${CRLF}`;
  return out;
}

export function serializeRequestHead(method: string, target: string, headers: HeaderList): Buffer | string {
  return wireBytes(method.toUpperCase() + CRLF + target + CRLF + headerLines(headers));
}

/** The same form for responses, so the log can carry a response hash computed alike. */
export function serializeResponseHead(status: number, headers: HeaderList): Buffer | string {
  return wireBytes(String(status) + CRLF + headerLines(headers));
}

export interface MessageHasher {
  /** Feed body chunks as they stream; strings are taken as UTF-8. */
  update(chunk: Uint8Array | string): void;
  /** Base64 hash; call once, after the last chunk. */
  digest(): string;
}

export function createMessageHasher(head: Uint8Array | string): MessageHasher {
  // One-shot digests wherever possible: every call hashes a request and a response, most
  // requests (GET) have no body and most answers arrive in one chunk, so the streaming hash is
  // created only when a second body chunk does. Inner digests travel as binary (latin1) strings (one
  // character per byte): Node 20's Buffer output costs more than hashing a head.
  let first: Uint8Array | undefined;
  let body: Hash | undefined;
  let done = false;
  return {
    update(chunk) {
      if (done) throw new Error('the hash was already computed');
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      if (bytes.byteLength === 0) return;
      if (first === undefined) first = bytes;
      else (body ??= createHash('sha512').update(first)).update(bytes);
    },
    digest() {
      if (done) throw new Error('the hash was already computed');
      done = true;
      if (first === undefined) return hash('sha512', head, 'base64');
      const bodyDigest = body === undefined ? hash('sha512', first, 'binary') : body.digest('binary');
      return hash('sha512', Buffer.from(hash('sha512', head, 'binary') + bodyDigest, 'latin1'), 'base64');
    },
  };
}

export function createRequestHasher(method: string, target: string, headers: HeaderList): MessageHasher {
  return createMessageHasher(serializeRequestHead(method, target, headers));
}

/** One-shot form for tests and small bodies. */
export function requestHash(method: string, target: string, headers: HeaderList, body?: Uint8Array | string): string {
  const h = createRequestHasher(method, target, headers);
  if (body !== undefined) h.update(body);
  return h.digest();
}
