import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/database.ts';
import { dataSubjectRoutes } from '../data-subject/routes.ts';
import { usageRoutes } from './routes.ts';

export interface ExchangeReadOptions {
  db: Database;
  /** IANA zone usage days are counted in (the country pack's). */
  timeZone: string;
  now: () => Date;
  /** `LOG_PSEUDONYM_KEY`: key of the hash standing in for national codes in the server log. */
  pseudonymKey?: string;
}

/** The read side of the exchange log: usage figures and who accessed a person's data (`/exchange/...`). */
export const exchangeReadPlugin: FastifyPluginAsyncTypebox<ExchangeReadOptions> = async (app, { db, timeZone, now, pseudonymKey }) => {
  await app.register(usageRoutes, { db, timeZone, now });
  await app.register(dataSubjectRoutes, { db, ...(pseudonymKey !== undefined ? { pseudonymKey } : {}) });
};
