export { createStaff, issueToken, authenticateToken, allStaff, staffNames } from './staff.ts';
export { bearerTokenAuthenticator } from './token-authenticator.ts';
export type { StaffRow } from './staff-repository.ts';
export { staffSessionAuthenticator } from './session-authenticator.ts';
export { signInPages } from './pages/index.ts';
export { registrationPages, accountPages, demoMessagesPages } from './pages/index.ts';
export { registriesFromConfig, windowExchangeClientFromConfig, type Registries } from './registries/index.ts';
export { enqueueMessage, selectMessageState, outboxFromConfig, OutboxDispatcher, LogSender, type MessageState, type NewMessage } from './outbox/index.ts';
export * from './accounts/index.ts';
export * from './citizen-sessions/index.ts';
export * from './credentials/index.ts';
export * from './one-time-codes/index.ts';
export { citizenSignInPages } from './pages/index.ts';
export { addressThrottle } from './sign-in/index.ts';
export { staffSignOnAuthenticator, linkStaffToPerson } from './staff-sign-on.ts';
export { oidcPlugin, OidcService, rotateSigningKey, pairwiseSubject, createClient as createOidcClient, type OidcSettings, type ClientInput as OidcClientInput } from './oidc/index.ts';
// identity: my inquiries and who accessed my data
export { inquiriesPages, accessesPages } from './pages/index.ts';
export { citizenDataRoutes, inquirySettings, type InquiryServices } from './citizen-data/index.ts';
