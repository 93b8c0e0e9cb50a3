/**
 * The gateway pipeline: every call runs a visible list of small steps, then is logged, then
 * answered.
 *
 *   service call:     parse → authenticate → resolve → authorize → rateLimit → recordIntent → forward
 *   metaservice call: parse → authenticate → rateLimit → answerMetaservice
 *   then always:      log record (awaited; durable mode = committed) → metrics → end response
 *
 * `recordIntent` (record.ts) commits an intent record before the provider is called, so no
 * provider is called without a record of who asked for whom and why; when it cannot be
 * written the call is refused with `Server.ClientProxy.LoggingFailed` and never forwarded.
 * The record written at the end is then the call's outcome.
 *
 * Both lists start with parse, which decides which list the call is on. A step refuses by
 * throwing a `GatewayError`; the remaining steps are skipped and the call is answered with the
 * X-Road error. Any other exception is a fault, answered as `Server.ClientProxy.InternalError`
 * with a detail UUID that is also in the server log. Steps may be synchronous; the runner only
 * waits when a step returns a promise.
 *
 * The response is ended only after the record was appended: a forwarded answer's last chunk
 * (`x.finalChunk`) and an error answer both wait for it. If the append fails, the caller gets
 * `Server.ClientProxy.LoggingFailed` when nothing was sent yet; when the head already went out
 * the connection is cut, so no caller holds a complete answer that the log does not have.
 * For a forwarded call the intent record stands either way: the log shows the call was made,
 * with no outcome.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExchangeLogWriter, ExchangeRecord } from '../log/index.ts';
import { headersFromRaw } from '../protocol/headers.ts';
import type { SnapshotSource } from '../snapshot/index.ts';
import { authorize } from './authorize.ts';
import type { Exchange, Step } from './exchange.ts';
import { parse } from './parse.ts';
import { resolve } from './resolve.ts';
import { endAnswer, errorAnswer, errorStatus, prepareErrorAnswer, sendErrorAnswer, type ErrorAnswer, type ErrorStatuses, type GatewayLogger } from './respond.ts';
import { toExchangeRecord } from './record.ts';

export interface PipelineSteps {
  service: readonly Step[];
  metaservice: readonly Step[];
}

/**
 * The two lists; `authenticate`, `rateLimit`, `recordIntent`, `forward` and `answerMetaservice`
 * are built with their settings in `assemble.ts`. Metaservices are rate-limited too
 * (rate-limit/step.ts says which bucket pays); they reach no provider, so they need no intent.
 */
export function pipelineSteps(s: { authenticate: Step; rateLimit: Step; recordIntent: Step; forward: Step; answerMetaservice: Step }): PipelineSteps {
  const steps: Step[] = [parse, s.authenticate, resolve, authorize, s.rateLimit, s.recordIntent, s.forward];
  return { service: steps, metaservice: [parse, s.authenticate, s.rateLimit, s.answerMetaservice] };
}

export interface RunnerOptions {
  steps: PipelineSteps;
  source: SnapshotSource;
  writer: ExchangeLogWriter;
  metrics?: { observe(record: ExchangeRecord): void } | undefined;
  statuses: ErrorStatuses;
  logger: GatewayLogger;
  now: () => Date;
}

/** The request listener: one call through the pipeline, the log and the answer. */
export function createRunner(o: RunnerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { service, metaservice } = o.steps;
  if (service[0] !== parse || metaservice[0] !== parse) throw new Error('both step lists start with parse');

  function settle(x: Exchange, error: unknown, failed: boolean): void {
    let answer: ErrorAnswer | undefined;
    if (failed) {
      try {
        answer = prepareErrorAnswer(x, error, o.statuses, o.logger);
      } catch (e) {
        o.logger.error({ err: e, messageId: x.messageId }, 'gateway could not prepare an error answer');
        x.res.destroy();
        return;
      }
    }
    const record = toExchangeRecord(x, process.hrtime.bigint());
    let appended: Promise<void>;
    try {
      appended = o.writer.append(record);
    } catch (e) {
      appended = Promise.reject(e);
    }
    appended.then(
      () => {
        observe(record);
        if (answer !== undefined) sendErrorAnswer(x.res, answer);
        else endAnswer(x);
      },
      (e: unknown) => {
        const detail = randomUUID();
        o.logger.error({ err: e, detail, messageId: x.messageId }, 'exchange log append failed; the answer is withheld');
        const type = 'Server.ClientProxy.LoggingFailed';
        const status = errorStatus(type, o.statuses);
        observe({ ...record, status, errorType: type });
        if (x.res.headersSent) {
          x.res.destroy();
          return;
        }
        // A call refused because its intent could not be written keeps that answer: it says the call was not forwarded.
        if (answer !== undefined && x.errorType === type) return sendErrorAnswer(x.res, answer);
        x.status = status;
        x.errorType = type;
        sendErrorAnswer(x.res, errorAnswer(x, type, 'The call could not be recorded in the exchange log, so its answer is withheld. / ثبت فراخوانی در دفتر تبادل ممکن نشد؛ پاسخ ارسال نمی‌شود.', detail, status));
      },
    );
  }

  function observe(record: ExchangeRecord): void {
    if (o.metrics === undefined) return;
    try {
      o.metrics.observe(record);
    } catch (e) {
      o.logger.error({ err: e }, 'exchange metrics failed');
    }
  }

  return function handle(req, res) {
    const x: Exchange = {
      req,
      res,
      // Two identifiers (PR-REST): the message's, replaced by the caller's X-Road-Id when it
      // sends one, and this request's own.
      messageId: randomUUID(),
      requestId: randomUUID(),
      receivedAt: o.now(),
      startedNs: process.hrtime.bigint(),
      snapshot: o.source.current(),
      headers: headersFromRaw(req.rawHeaders),
    };
    let pending: void | Promise<void>;
    try {
      parse(x);
      pending = run(x, x.target?.kind === 'service' ? service : metaservice, 1);
    } catch (e) {
      settle(x, e, true);
      return;
    }
    if (pending === undefined) settle(x, undefined, false);
    else
      pending.then(
        () => settle(x, undefined, false),
        (e: unknown) => settle(x, e, true),
      );
  };
}

/** Runs steps from `i`, synchronously until one returns a promise, then continues after it. */
function run(x: Exchange, steps: readonly Step[], i: number): void | Promise<void> {
  for (; i < steps.length; i++) {
    const step = steps[i] as Step;
    const r = step(x);
    if (r !== undefined) {
      const next = i + 1;
      return r.then(() => run(x, steps, next));
    }
  }
}
