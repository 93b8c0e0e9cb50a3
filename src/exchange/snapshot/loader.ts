import type { Sql } from '../../db/database.ts';
import type { SnapshotInput } from './snapshot.ts';
import { readExchangeVersion } from '../state.ts';
import { selectAllMembers } from '../admin/member-repository.ts';
import { selectAllSubsystems } from '../admin/subsystem-repository.ts';
import { selectActiveCredentials } from '../admin/credential-repository.ts';
import { selectAllExchangeServices } from '../admin/service-repository.ts';
import { selectApprovedRights } from '../admin/request-repository.ts';
import { selectActiveRegistrations } from '../admin/upstream-repository.ts';

/**
 * Reads everything the gateway's snapshot is built from. The version is read first: a change
 * committed while the rows are read makes them newer than the version, never older, so the
 * next check sees a higher version and loads again — a node never keeps stale rows under a
 * current version. Call it inside one transaction for a consistent read where that matters.
 */
export async function loadSnapshotInput(q: Sql): Promise<SnapshotInput> {
  const version = await readExchangeVersion(q);
  const members = await selectAllMembers(q);
  const subsystems = await selectAllSubsystems(q);
  const credentials = await selectActiveCredentials(q);
  const services = await selectAllExchangeServices(q);
  const rights = await selectApprovedRights(q);
  const upstreams = await selectActiveRegistrations(q);
  return { version, members, subsystems, credentials, services, rights, upstreams };
}
