import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HeaderList } from '../protocol/headers.ts';
import type { ClientId, R1Target } from '../protocol/identifiers.ts';
import type { XRoadErrorType } from '../protocol/errors.ts';
import type { ExchangeSnapshot, RightEntry, ServiceEntry, SubsystemEntry } from '../snapshot/index.ts';
import type { CompiledEndpoint } from '../protocol/endpoints.ts';

/**
 * The state of one call as it passes the pipeline's steps. Each step reads what earlier steps
 * set and adds its own part; the log step turns the whole into an `ExchangeRecord`.
 */
export interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** `X-Road-Id`, generated when the caller sent none. */
  messageId: string;
  /**
   * `X-Road-Request-Id`: a UUID the gateway generates for every call (set by the runner at
   * arrival); sent to the provider and returned to the client. Optional only so hand-built
   * test exchanges need not set it.
   */
  requestId?: string;
  receivedAt: Date;
  /** process.hrtime.bigint() at arrival, for the latency. */
  startedNs: bigint;
  /** The configuration every step of this call uses, fixed at arrival. */
  snapshot: ExchangeSnapshot;
  /** Request headers as received, validated by parse. */
  headers: HeaderList;
  /** parse */
  target?: R1Target;
  /** parse: `GET /listClients` at the root (no provider); `instance` is the optional filter. */
  listClients?: { instance: string | undefined };
  /** parse: metaservice answer shape, X-Road snake_case or GovStack camelCase. */
  dialect?: 'xroad' | 'govstack';
  claimedClient?: ClientId;
  userId?: string;
  /** parse: `X-Road-Represented-Party`, `[CLASS/]CODE`, the legal entity the user acts for. */
  representedParty?: string;
  purpose?: string;
  /** authenticate */
  consumer?: SubsystemEntry;
  /** authenticate: the request headers the consumer's credential was in, never sent to the provider. */
  credentialHeaders?: ReadonlySet<string>;
  /** resolve */
  service?: ServiceEntry;
  endpoint?: CompiledEndpoint;
  dataSubject?: string;
  /** authorize */
  right?: RightEntry;
  /** forward / respond */
  status?: number;
  errorType?: XRoadErrorType;
  requestHash?: string;
  responseHash?: string;
  /**
   * Forward writes the provider's status, headers and body to `res` but holds back the last
   * body chunk and never ends the response: the pipeline ends it (`endAnswer`) once the log
   * record is committed, so in durable mode no caller holds a complete response whose record
   * could still be lost.
   */
  finalChunk?: Buffer;
  /**
   * The answer's status and headers (flat: name, value, name, value, …) when a step prepared
   * them but nothing was sent yet (a one-chunk answer, a metaservice): written together with
   * `finalChunk`, so an answer that is withheld after all never half-left.
   */
  head?: { status: number; headers: string[] };
}

/** A pipeline step. It refuses a call by throwing a `GatewayError`; anything else is a fault. */
export type Step = (x: Exchange) => void | Promise<void>;
