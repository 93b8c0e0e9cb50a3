/**
 * People signing in on the portal: a code by SMS (the usual way) or a password, then TOTP or a
 * recovery code when the account has a second factor; password reset through the verified
 * mobile; the per-account lockout; and the record of every sign-in, failure and change.
 */
export { startCodeSignIn, finishCodeSignIn, passwordSignIn, passSecondFactor, signOut, type Refusal, type SignedIn } from './sign-in.ts';
export { startPasswordReset, finishPasswordReset } from './password-reset.ts';
export { changePassword, startTotpEnrolment, pendingTotpSecret, confirmTotpEnrolment, turnOffTotp, freshSignInSeconds } from './credential-changes.ts';
export { recentEvents, unusedRecoveryCodes, readSignInState, type Client, type AccountEvent, type EventKind } from './sign-in-repository.ts';
export { parseIdentifier } from './identifier.ts';
export { lockSecondsAfter, freeFailures } from './lockout.ts';
export { otpauthUri, hotp, base32Decode, totpStep } from './totp.ts';
export { addressThrottle, type AddressThrottle } from './address-throttle.ts';
export { startApproval, waitForApproval, approvalByLink, approvalsAwaiting, decideApproval, linkTokenOf, approvalLifetimeSeconds, type WaitState } from './approvals.ts';
export type { ApprovalRow } from './approval-repository.ts';
