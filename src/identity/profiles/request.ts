/**
 * Who the person behind a portal request acts for: the session's active profile, re-checked by
 * `actingFor`. A profile that died since it was chosen (a mandate revoked or ended, a ward come
 * of age, a representation the registry no longer confirms) puts the session back to the person
 * and says so once (`notice`); a registry that cannot be asked leaves the session as it is but
 * acts for the person meanwhile, also with a notice. Pages and the inquiries use this.
 */
import type { FastifyRequest } from 'fastify';
import type { ActingFor } from '../../core/profiles.ts';
import { AppError, isAppError } from '../../core/errors.ts';
import { findAccountById } from '../accounts/index.ts';
import { citizenSessionOf, type CitizenSession } from '../citizen-sessions/index.ts';
import { actingFor, isProfileGone, selfProfile, type ActingForDeps } from './acting-for.ts';
import { setActiveProfile } from './profile-repository.ts';

export type ActingNotice = 'profile_ended' | 'registry_unavailable';

export interface RequestActingFor {
  session: CitizenSession;
  actingFor: ActingFor;
  notice: ActingNotice | null;
}

/** The signed-in person's session; route access (`citizen`) has already refused everyone else. */
export async function signedInSession(deps: ActingForDeps, req: FastifyRequest): Promise<CitizenSession> {
  const session = await citizenSessionOf(deps.db, req);
  if (!session || session.secondFactorPending || req.principal.kind !== 'citizen' || req.principal.accountId !== session.accountId) throw new AppError('UNAUTHENTICATED');
  return session;
}

export async function actingForRequest(deps: ActingForDeps, req: FastifyRequest): Promise<RequestActingFor> {
  const session = await signedInSession(deps, req);
  try {
    return { session, actingFor: await actingFor(deps, session.accountId, session.activeProfileId), notice: null };
  } catch (error) {
    const gone = isProfileGone(error);
    if (!gone && !(isAppError(error) && error.code === 'REGISTRY_UNAVAILABLE')) throw error;
    if (gone) {
      await deps.db.run((q) => setActiveProfile(q, session.id, session.accountId, null));
      session.activeProfileId = null;
    }
    const account = await deps.db.run((q) => findAccountById(q, session.accountId));
    if (!account) throw new AppError('UNAUTHENTICATED');
    return { session, actingFor: selfProfile(account), notice: gone ? 'profile_ended' : 'registry_unavailable' };
  }
}
