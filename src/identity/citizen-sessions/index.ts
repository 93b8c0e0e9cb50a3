export { createCitizenSession, findCitizenSession, completeSecondFactor, revokeCitizenSession, revokeAccountSessions, citizenSessionLifetimeSeconds, type CitizenSession, type CitizenPrincipal } from './sessions.ts';
export { citizenSessionCookie, setCitizenSessionCookie, clearCitizenSessionCookie, citizenSessionOf, citizenSessionAuthenticator, citizenApiTokenHeader } from './cookie.ts';
