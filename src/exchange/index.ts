import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Config } from '../config/schema.ts';
import type { Database } from '../db/database.ts';
import type { SnapshotSource } from './snapshot/index.ts';
import { exchangeAdminDeps } from './admin/deps.ts';
import { exchangeAdminRoutes } from './admin/routes.ts';
import { usageRoutes } from './usage/index.ts';
import { dataSubjectRoutes } from './data-subject/index.ts';

export type { Member, Subsystem, ClientCredential, ExchangeService, AccessRequest, AccessRequestEvent, AccessRight, DataSubjectLocation } from './model.ts';
export { ExchangeSnapshot, emptySnapshot, type SnapshotSource, type SnapshotInput, ExchangeConfig, type ExchangeConfigOptions, loadSnapshotInput } from './snapshot/index.ts';
export { bumpExchangeVersion, readExchangeVersion } from './state.ts';
// Usage figures: the dashboard's panel reads them.
export { dashboardUsage, type AgencyUsage, type ExchangeUsageFigures, type ServiceUsage } from './usage/index.ts';
// Who accessed a person's data: identity's "who accessed my data" pages read it for the person themself.
export { accessesAbout, accessFields, type AccessPage, type AccessQuery, type DataSubjectAccess, type AccessOutcome } from './data-subject/index.ts';
export { openApiEndpoints, templateToPattern, type OpenApiResult, type OpenApiProblem } from './openapi-endpoints.ts';

// The management service layer: callable without HTTP (agency console pages, the demo loader).
export { exchangeAdminDeps, type ExchangeAdminDeps } from './admin/deps.ts';
export { createMember, getMemberOrFail, listMembers } from './admin/members.ts';
export { createSubsystem, updateSubsystem, getSubsystemOrFail, listSubsystems } from './admin/subsystems.ts';
export { registerCredential, revokeCredential, listCredentials } from './admin/credentials.ts';
export { createExchangeService, updateExchangeService, getExchangeServiceOrFail, getServiceOpenApi, listExchangeServices } from './admin/exchange-services.ts';
export type { ServiceSummary, ServiceFilter } from './admin/service-repository.ts';
export {
  fileAccessRequest,
  grantAccess,
  transitionAccessRequest,
  approveAccessRequest,
  refuseAccessRequest,
  withdrawAccessRequest,
  revokeAccessRight,
  getAccessRequestOrFail,
  listAccessRequests,
  listServiceRights,
  listSubsystemRights,
  type AccessRequestDetail,
} from './admin/access-requests.ts';
export type { AccessRequestView, AccessRequestFilter } from './admin/request-repository.ts';
export { decideTransition, requestActions, type RequestAction } from './admin/transitions.ts';
export type { MemberCreate, SubsystemCreate, SubsystemPatch, CredentialCreate, ServiceCreate, ServicePatch, AccessRequestCreate, TransitionBody } from './admin/schemas.ts';

export interface ExchangePluginOptions {
  deps: { db: Database; now: () => Date };
  config: Config;
  source: SnapshotSource;
  /** IANA zone usage days are counted in (the country pack's). */
  timeZone: string;
}

/**
 * The exchange's HTTP surface on the API, under `/exchange/...`: configuration management,
 * usage figures, and who accessed a person's data.
 */
export const exchangePlugin: FastifyPluginAsyncTypebox<ExchangePluginOptions> = async (app, { deps, config, source, timeZone }) => {
  await app.register(exchangeAdminRoutes, { deps: exchangeAdminDeps(deps, config, source) });
  await app.register(usageRoutes, { db: deps.db, source, timeZone, now: deps.now });
  // LOG_PSEUDONYM_KEY: key of the hash standing in for national codes in the server log.
  await app.register(dataSubjectRoutes, { db: deps.db, source, ...(config.LOG_PSEUDONYM_KEY !== undefined ? { pseudonymKey: config.LOG_PSEUDONYM_KEY } : {}) });
};

declare module 'fastify' {
  interface FastifyInstance {
    /** This node's exchange configuration snapshot; the gateway answers from it. */
    exchangeConfig: import('./snapshot/index.ts').ExchangeConfig;
  }
}
