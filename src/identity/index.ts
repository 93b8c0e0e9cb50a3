export { createStaff, issueToken, authenticateToken, allStaff, staffNames } from './staff.ts';
export { bearerTokenAuthenticator } from './token-authenticator.ts';
export type { StaffRow } from './staff-repository.ts';
export { staffSessionAuthenticator } from './session-authenticator.ts';
export { signInPages } from './pages/index.ts';
export { enqueueMessage, selectMessageState, outboxFromConfig, OutboxDispatcher, type MessageState, type NewMessage } from './outbox/index.ts';
export * from './accounts/index.ts';
export * from './citizen-sessions/index.ts';
export * from './credentials/index.ts';
