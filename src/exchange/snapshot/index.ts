/**
 * The exchange configuration snapshot: the immutable, indexed view of members, subsystems,
 * credentials, services, access rights and upstream registrations the gateway answers from
 * (`snapshot.ts`), read from the database (`loader.ts`) and kept current on each node
 * (`config-source.ts`).
 */
export { ExchangeSnapshot, emptySnapshot, type SnapshotSource, type SnapshotInput, type SubsystemEntry, type ServiceEntry, type RightEntry, type CredentialEntry } from './snapshot.ts';
export { loadSnapshotInput } from './loader.ts';
export { ExchangeConfig, type ExchangeConfigOptions } from './config-source.ts';
