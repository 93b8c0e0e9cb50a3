import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { Database, Engine } from '../../src/db/database.ts';
import { createStaff, issueToken } from '../../src/identity/index.ts';
import type { StaffRole } from '../../src/core/access.ts';
import { openTestDatabase } from './database.ts';

/** A fixed clock, so dates in responses and KPIs do not depend on when tests run. */
export const fixedNow = new Date('2026-11-28T09:00:00Z');

export interface TestApp {
  app: FastifyInstance;
  db: Database;
  /** A bearer header for a new staff account with this role. */
  as(role: StaffRole, agencyCode?: string): Promise<{ authorization: string }>;
  close(): Promise<void>;
}

export async function openTestApp(engine: Engine, env: Record<string, string> = {}): Promise<TestApp> {
  const db = await openTestDatabase(engine);
  // Tests download exports many times from one address; the anonymous limit has tests of its own.
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.TEST_LOG ? 'info' : 'silent', ANON_HEAVY_BURST: '10000', ...env });
  const app = await buildApp({ config, db, now: () => fixedNow, logger: process.env.TEST_LOG === '1' ? undefined : false });
  await app.ready();
  return {
    app,
    db,
    async as(role, agencyCode) {
      const staff = await createStaff(db, { name: `test ${role}`, role, agencyCode: agencyCode ?? null });
      const { token } = await issueToken(db, staff.id);
      return { authorization: `Bearer ${token}` };
    },
    async close() {
      await app.close();
      await db.close();
    },
  };
}
