import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../config/schema.ts';
import { serializeError } from './log-errors.ts';

/**
 * Request logs carry method, path and status only: no query strings (they may hold search
 * terms or identifiers), no client address, no headers — so no tokens or personal data.
 */
export function loggerOptions(config: Pick<Config, 'LOG_LEVEL'>): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return {
    level: config.LOG_LEVEL,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie'], censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({ method: req.method, path: req.url.split('?')[0], id: req.id }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      // Database errors without their parameters or values (log-errors.ts).
      err: serializeError,
    },
  };
}
