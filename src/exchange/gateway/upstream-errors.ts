/**
 * Which upstream failures are the provider's, and as which X-Road error: timeouts, connection
 * failures before the answer, a broken answer after it. Anything else is a bug of ours and must
 * surface as an internal error, never be blamed on the provider.
 */
import type { XRoadErrorType } from '../protocol/errors.ts';
import { INTERNAL_ADDRESS_REFUSED } from '../upstream-addresses/checks.ts';

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
/** Connection-level failures (undici and system codes). */
const NETWORK_CODES = new Set([
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'ETIMEDOUT',
  'ECONNABORTED',
  // The guarded lookup refused a name that now resolves to an unregistered internal address.
  INTERNAL_ADDRESS_REFUSED,
]);

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const cause = (err as { cause?: unknown }).cause;
  return cause !== undefined && cause !== err ? errorCode(cause) : undefined;
}

/**
 * The X-Road error for an upstream failure, or undefined when the error is not an upstream
 * failure at all (a bug of ours, which must surface as an internal error, not be blamed on the
 * provider). `answered`: the upstream's head had arrived.
 */
export function upstreamErrorType(err: unknown, answered: boolean): XRoadErrorType | undefined {
  const code = errorCode(err);
  // undici's parser errors do not always carry a code: a malformed answer.
  if (code === undefined) return err instanceof Error && err.name === 'HTTPParserError' ? 'Server.ServerProxy.ServiceFailed' : undefined;
  if (TIMEOUT_CODES.has(code)) return 'Server.ServerProxy.ServiceFailed.Timeout';
  if (!answered && NETWORK_CODES.has(code)) return 'Server.ClientProxy.NetworkError';
  if (code.startsWith('UND_ERR') || code.startsWith('HPE_') || NETWORK_CODES.has(code) || code === 'ERR_STREAM_PREMATURE_CLOSE') return 'Server.ServerProxy.ServiceFailed';
  return undefined;
}
