import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../config/schema.ts';
import { serializeError } from './log-errors.ts';
import { chooseLogFormat, PrettyLogStream } from './log-format.ts';

/**
 * Request logs carry method, path and status only: no query strings (they may hold search
 * terms or identifiers), no client address, no headers — so no tokens or personal data.
 * Written as JSON lines, or as short lines for a person at a terminal (`LOG_FORMAT`, log-format.ts).
 */
export function loggerOptions(
  config: Pick<Config, 'LOG_LEVEL'> & Partial<Pick<Config, 'LOG_FORMAT' | 'NODE_ENV'>>,
  output: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  const stream = logDestination(config, output);
  return {
    level: config.LOG_LEVEL,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie'], censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({ method: req.method, path: req.url.split('?')[0], id: req.id }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      // Database errors without their parameters or values (log-errors.ts).
      err: serializeError,
    },
    ...(stream ? { stream } : {}),
  };
}

/** Where the log goes: a pretty stream in front of `output`, or nothing for pino's own JSON writer on stdout. */
export function logDestination(config: Partial<Pick<Config, 'LOG_FORMAT' | 'NODE_ENV'>>, output: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout): PrettyLogStream | undefined {
  if (chooseLogFormat(config.LOG_FORMAT ?? 'json', output, config.NODE_ENV ?? 'production') !== 'pretty') return undefined;
  return new PrettyLogStream(output, { colours: output.isTTY === true && !process.env.NO_COLOR });
}
