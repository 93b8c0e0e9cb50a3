import { after, before } from 'node:test';
import { openTestApp, type TestApp } from '../../../test/support/app.ts';
import { seedAgencies } from '../../../test/support/fixtures.ts';
import type { Engine } from '../../db/database.ts';
import { createStaff, issueToken } from '../../identity/index.ts';
import { loadConfig } from '../../config/load.ts';
import type { Principal } from '../../core/access.ts';
import { emptySnapshot } from '../snapshot/index.ts';
import { exchangeAdminDeps, type ExchangeAdminDeps } from '../admin/deps.ts';
import { createMember } from '../admin/members.ts';
import { createSubsystem } from '../admin/subsystems.ts';
import { registerUpstream } from '../admin/upstream-registrations.ts';
import { createExchangeService } from '../admin/exchange-services.ts';
import { fileAccessRequest } from '../admin/access-requests.ts';

/**
 * What the exchange console's page tests share. Node 20 runs every `*.test.ts` file in a
 * process of its own, so `pages.test.ts` is the one test file: it runs the suites of
 * `*-suite.test-support.ts`, each on a `ConsoleFixture` of its own (a fresh app and database
 * cloned from the migrated template), so no suite depends on what another one did.
 */

export type Session = { cookie: string; csrf: string };
export const system: Principal = { kind: 'system', name: 'test' };
export const inputValue = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };

/** A new staff account signed in through the sign-in form: its session cookie and the CSRF token of its pages. */
export async function signIn(t: TestApp, role: 'operator' | 'agency_admin' | 'auditor', agency?: string): Promise<Session> {
  const staff = await createStaff(t.db, { name: agency ? `console ${role} ${agency}` : `console ${role}`, role, agencyCode: agency ?? null });
  const { token } = await issueToken(t.db, staff.id);
  const res = await t.app.inject({ method: 'POST', url: '/staff/login', headers: formHeaders, payload: form({ token }) });
  const set = res.headers['set-cookie'];
  const cookie = (Array.isArray(set) ? set : [String(set)]).find((c) => c.startsWith('ow_staff='))!.split(';')[0]!;
  const home = await t.app.inject({ url: '/staff', headers: { cookie } });
  return { cookie, csrf: inputValue(home.body, '_csrf')! };
}

/** Reads and posts pages as a signed-in person (or nobody). */
export function pageClient(t: TestApp) {
  return {
    get: (s: Session | undefined, url: string) => t.app.inject({ url, headers: s ? { cookie: s.cookie } : {} }),
    post: (s: Session | undefined, url: string, fields: Record<string, string>, extra: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url, headers: { ...formHeaders, ...(s ? { cookie: s.cookie } : {}), ...extra }, payload: form(fields) }),
  };
}

/**
 * AGENCY-A provides (system PROV), AGENCY-B consumes (system CONS), AGENCY-C is not a member
 * yet; an admin of each of the first two, an auditor and the operator are signed in. The fields
 * are set by the `before` hook, so suites read them inside their tests.
 */
export class ConsoleFixture {
  t!: TestApp;
  admin!: ExchangeAdminDeps;
  providerId!: number;
  consumerId!: number;
  /** The service the request suites ask for (PROV/literacy), when the fixture was asked to publish it. */
  serviceId!: number;
  adminA!: Session;
  adminB!: Session;
  auditor!: Session;
  operator!: Session;
  get!: ReturnType<typeof pageClient>['get'];
  post!: ReturnType<typeof pageClient>['post'];
}

/** What a suite needs beyond the members, systems and people every fixture has. */
export interface FixtureNeeds {
  /** PROV publishes the literacy service (`serviceId`), as the services suite does through its form. */
  service?: boolean;
  /** CONS has asked for it: one pending access request. */
  request?: boolean;
}

/** The service the request and upstream suites ask for. */
const literacy = {
  code: 'literacy',
  serviceVersion: 'v1',
  nameFa: 'استعلام سواد',
  nameEn: 'Literacy level inquiry',
  upstreamUrl: 'https://literacy.example/api',
  openapi: {
    openapi: '3.0.3',
    info: { title: 'Literacy', version: '1' },
    paths: { '/literacy/{nationalCode}': { get: { responses: { '200': { description: 'ok' } } } }, '/centres': { get: { responses: { '200': { description: 'ok' } } } } },
  },
};

/** One app and database for the suites run inside the calling `describe`, closed after them. */
export function consoleFixture(engine: Engine, needs: FixtureNeeds = {}): ConsoleFixture {
  const c = new ConsoleFixture();
  before(async () => {
    // The interoperability board approves after the provider: the operator's queue has work.
    const env = { EXCHANGE_BOARD_APPROVAL: 'true' };
    const t = await openTestApp(engine, env);
    const admin = exchangeAdminDeps({ db: t.db, now: () => new Date('2026-11-28T09:00:00Z') }, loadConfig({ NODE_ENV: 'test', ...env }), { current: () => emptySnapshot, refreshNow: async () => {} });
    Object.assign(c, { t, admin }, pageClient(t));
    await seedAgencies(t, await t.as('operator'), ['AGENCY-A', 'AGENCY-B', 'AGENCY-C']);
    await createMember(admin, system, { agencyCode: 'AGENCY-A', memberClass: 'GOV', memberCode: 'A1' });
    await createMember(admin, system, { agencyCode: 'AGENCY-B', memberClass: 'GOV', memberCode: 'B1' });
    // The operator registers each member's backend addresses; services are published inside them.
    for (const url of ['https://literacy.example/', 'https://limited.example/', 'https://many.example/']) await registerUpstream(admin, system, 'AGENCY-A', { url });
    for (const url of ['https://b.example/', 'https://bulk.example/']) await registerUpstream(admin, system, 'AGENCY-B', { url });
    c.providerId = (await createSubsystem(admin, system, 'AGENCY-A', { code: 'PROV', nameFa: 'سامانه الف', nameEn: 'System A' })).id;
    c.consumerId = (await createSubsystem(admin, system, 'AGENCY-B', { code: 'CONS', nameFa: 'سامانه ب', nameEn: 'System B' })).id;
    if (needs.service || needs.request) c.serviceId = (await createExchangeService(admin, system, c.providerId, literacy)).id;
    if (needs.request) await fileAccessRequest(admin, system, { consumerSubsystemId: c.consumerId, serviceId: c.serviceId, purpose: 'Checking literacy', legalBasis: 'Act 12' });
    [c.adminA, c.adminB, c.auditor, c.operator] = [await signIn(t, 'agency_admin', 'AGENCY-A'), await signIn(t, 'agency_admin', 'AGENCY-B'), await signIn(t, 'auditor'), await signIn(t, 'operator')];
  });
  after(() => c.t?.close());
  return c;
}
