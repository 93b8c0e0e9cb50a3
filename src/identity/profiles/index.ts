/**
 * The profiles a person acts for (Identity II). `actingFor` is the one door every other part
 * (pages, inquiries, the OpenID Connect provider) goes through: it re-checks the profile on
 * every use, so a revoked or expired mandate, an ended guardianship or a representation the
 * business registry no longer confirms gives nothing at once.
 */
export { actingFor, selfProfile, isProfileGone, type ActingForDeps, type ActingForOptions } from './acting-for.ts';
export { actingForRequest, signedInSession, type RequestActingFor, type ActingNotice } from './request.ts';
export { profilesFromConfig, type ProfilesConfig } from './from-config.ts';
export { Confirmations } from './confirmations.ts';
export { exchangeProfileRegistry, type ProfileRegistry, type RegistryWard, type RegistryRepresentation, type RegistryCompany } from './registry.ts';
export { listProfiles, switchProfile, addLegalEntity, type ProfileList } from './profiles.ts';
export { grantMandate, revokeMandate, mandatesGiven, mandatesReceived, MAX_LIVE_MANDATES, type MandateRules, type GrantResult } from './mandates.ts';
export { dayFromParts, MAX_MANDATE_SERVICES, type MandateField, type MandateRefusal } from './mandate-input.ts';
export { startOfDay } from './days.ts';
export { profileApiRoutes, mandateStatus } from './api-routes.ts';
export type { MandateRow, LegalEntityRow, WardRow, ProfileEventKind } from './profile-repository.ts';
