/**
 * parse: the request target, the protocol headers and the method, before anything else looks at
 * the call. Refuses with `Client.*` errors; never repairs input.
 *
 * Targets:
 * - `/listClients[?xRoadInstance=|?instanceId=]` at the root (and under `/r1/`, where the GovStack
 *   directory spec sends member discovery);
 * - `/r1/{instance}/{class}/{member}/{subsystem}/{service}[/path][?query]`, a service call or one
 *   of the metaservices `listMethods`, `allowedMethods`, `getOpenAPI` in the service position;
 * - the GovStack directory form without the protocol prefix,
 *   `/{instance}/{class}/{member}/{application}/{metaservice}` (shared spec README). The
 *   GovStack yaml itself lists the same operations under `/r1/...`; both are served, and the
 *   answer shape follows the client header name (GovStack names → camelCase) or the path form.
 */
import { METASERVICES, parseClientHeader, parseR1Target } from '../protocol/identifiers.ts';
import { parseRepresentedParty, parseUserId, validateHeaders, type ClientHeader, type HeaderList } from '../protocol/headers.ts';
import type { Exchange } from './exchange.ts';
import { GatewayError } from './errors.ts';

/** Methods the r1 protocol carries for services; TRACE and CONNECT never cross the gateway. */
const SERVICE_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/**
 * A caller's `X-Road-Id` comes back unchanged (PR-REST), so any printable ASCII up to 255
 * characters is kept; anything else (other bytes, a longer text) gets a generated id instead.
 */
const SANE_MESSAGE_ID = /^[\x20-\x7e]{1,255}$/;

/** `X-Road-Issue` is a case reference, not a document. */
export const MAX_ISSUE_LENGTH = 1024;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ANY_CONTROL = /[\x00-\x1f\x7f]/;

/** The longest request target accepted; a longer one is refused before any parsing. */
export const MAX_TARGET_LENGTH = 8192;

const VERSIONED = /^\/r\d+\//;

const isMetaserviceName = (s: string | undefined) => s !== undefined && (METASERVICES as readonly string[]).includes(s);

export function parse(x: Exchange): void {
  const { req } = x;
  const valid = validateHeaders(x.headers);
  if (!valid.ok) throw new GatewayError(valid.error.errorType, valid.error.message);

  const url = req.url ?? '';
  if (url.length > MAX_TARGET_LENGTH) throw new GatewayError('Client.BadRequest', `the request target is longer than ${MAX_TARGET_LENGTH} characters`);
  const method = req.method ?? '';

  // X-Road-Id first, so even a refused call is logged and answered under the caller's id.
  const h = protocolHeaders(x.headers);
  const id = h.id;
  if (id !== undefined && SANE_MESSAGE_ID.test(id)) x.messageId = id;

  const client = h.client;
  let dialect = client.dialect;

  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  let target = url;
  if (path === '/listClients' || path === '/r1/listClients') {
    const params = new URLSearchParams(q === -1 ? '' : url.slice(q + 1));
    if (params.has('instanceId') && !params.has('xRoadInstance')) dialect = 'govstack';
    x.listClients = { instance: params.get('xRoadInstance') ?? params.get('instanceId') ?? undefined };
  } else {
    if (!VERSIONED.test(path)) {
      const segments = path.split('/');
      if (segments.length === 6 && isMetaserviceName(segments[5])) {
        target = '/r1' + url;
        dialect = 'govstack';
      }
    }
    const parsed = parseR1Target(target);
    if (!parsed.ok) throw new GatewayError(parsed.error.errorType, parsed.error.message);
    x.target = parsed.value;
  }
  x.dialect = dialect;
  const isService = x.target?.kind === 'service';

  if (isService ? !SERVICE_METHODS.has(method) : method !== 'GET') {
    throw new GatewayError('Client.InvalidHttpMethod', isService ? `method ${method} is not supported` : 'metaservices answer GET only');
  }

  if (client.value !== undefined) {
    const claimed = parseClientHeader(client.value);
    if (!claimed.ok) throw new GatewayError(claimed.error.errorType, claimed.error.message);
    x.claimedClient = claimed.value;
  }
  const needsSubsystem = isService || (x.target?.kind === 'metaservice' && x.target.metaservice === 'allowedMethods');
  const needsClient = x.listClients === undefined;
  if (needsClient && x.claimedClient === undefined) throw new GatewayError('Client.InvalidClientIdentifier', 'the X-Road-Client header is missing');
  if (needsSubsystem && x.claimedClient?.subsystemCode === undefined) throw new GatewayError('Client.InvalidClientIdentifier', 'X-Road-Client must name a subsystem: INSTANCE/CLASS/MEMBER/SUBSYSTEM');

  const userId = h.userId;
  if (userId !== undefined) {
    const u = parseUserId(userId);
    if (!u.ok) throw new GatewayError(u.error.errorType, u.error.message);
    x.userId = userId.trim();
  }
  const issue = h.issue;
  if (issue !== undefined) {
    if (issue.length > MAX_ISSUE_LENGTH) throw new GatewayError('Client.BadRequest', `X-Road-Issue is longer than ${MAX_ISSUE_LENGTH} characters`);
    if (ANY_CONTROL.test(issue)) throw new GatewayError('Client.BadRequest', 'X-Road-Issue contains a control character');
    if (issue.trim() !== '') x.purpose = issue.trim();
  }
  const party = h.party;
  if (party !== undefined) {
    const p = parseRepresentedParty(party);
    if (!p.ok) throw new GatewayError(p.error.errorType, p.error.message);
    // Logged in its decoded form, so `COM/1010…` and `COM%2F…`-style spellings are one party.
    x.representedParty = p.value.partyClass === undefined ? p.value.partyCode : `${p.value.partyClass}/${p.value.partyCode}`;
  }
}

interface ProtocolHeaders {
  client: ClientHeader;
  id: string | undefined;
  userId: string | undefined;
  issue: string | undefined;
  party: string | undefined;
}

const CLIENT_NAMES = ['x-road-client', 'x-govstack-client', 'information-mediator-client'] as const;

/**
 * The protocol headers in one pass over the list (the hot path reads the headers once), with the
 * rules of `singleHeader` and `pickClientHeader` (protocol/headers.ts; parse.test.ts checks they
 * agree): each at most once; the X-Road and GovStack client names, when several are given, must
 * name the same client, and the first present in X-Road, GovStack, Information-Mediator order
 * decides the dialect.
 */
export function protocolHeaders(list: HeaderList): ProtocolHeaders {
  let clients: [string | undefined, string | undefined, string | undefined] | undefined;
  let id: string | undefined;
  let userId: string | undefined;
  let issue: string | undefined;
  let party: string | undefined;
  for (const [name, value] of list) {
    const c = name.charCodeAt(0) | 0x20;
    if (c !== 0x78 /* x */ && c !== 0x69 /* i */) continue;
    const lower = name.toLowerCase();
    switch (lower) {
      case 'x-road-id':
        if (id !== undefined) throw duplicate(name);
        id = value;
        break;
      case 'x-road-userid':
        if (userId !== undefined) throw duplicate(name);
        userId = value;
        break;
      case 'x-road-issue':
        if (issue !== undefined) throw duplicate(name);
        issue = value;
        break;
      case 'x-road-represented-party':
        if (party !== undefined) throw duplicate(name);
        party = value;
        break;
      default: {
        const i = (CLIENT_NAMES as readonly string[]).indexOf(lower);
        if (i === -1) break;
        clients ??= [undefined, undefined, undefined];
        if (clients[i] !== undefined) throw new GatewayError('Client.InvalidClientIdentifier', `header ${lower} is given more than once`);
        clients[i] = value.trim();
      }
    }
  }
  let client: ClientHeader = { dialect: 'xroad', value: undefined };
  if (clients !== undefined) {
    const first = clients.findIndex((v) => v !== undefined);
    const value = clients[first];
    if (clients.some((v) => v !== undefined && v !== value)) throw new GatewayError('Client.InvalidClientIdentifier', 'the client headers name different clients');
    client = { dialect: first === 0 ? 'xroad' : 'govstack', value };
  }
  return { client, id, userId, issue, party };
}

function duplicate(name: string): GatewayError {
  return new GatewayError('Client.BadRequest', `header ${name.toLowerCase()} is given more than once`);
}
