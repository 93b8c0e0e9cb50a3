/**
 * The profiles a person acts for (Identity II). `actingFor` is the one door every other part
 * (pages, inquiries, the OpenID Connect provider) goes through: it re-checks the profile on
 * every use, so a revoked or expired mandate, an ended guardianship or a representation the
 * business registry no longer confirms gives nothing at once.
 */
export { actingFor, selfProfile, type ActingForDeps } from './acting-for.ts';
