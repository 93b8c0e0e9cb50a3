import { AppError } from '../../core/errors.ts';
import type { Principal } from '../../core/access.ts';
import type { ClientCredential } from '../model.ts';
import type { CredentialCreate } from './schemas.ts';
import { refreshAfterWrite, type ExchangeAdminDeps } from './deps.ts';
import { assertManages, assertMayRead } from './authorize.ts';
import { mapUniqueViolation } from './refuse.ts';
import { bumpExchangeVersion } from '../state.ts';
import { certificateMaterial, jwkMaterial, secretMaterial, type Material } from './credential-material.ts';
import { selectSubsystem } from './subsystem-repository.ts';
import { insertCredential, revokeCredentialRow, selectCredential, selectCredentialByFingerprint, selectCredentialsOf, type CredentialValues } from './credential-repository.ts';

function unwrap<T>(m: Material<T>): T {
  if (!m.ok) throw new AppError('EXCHANGE_CREDENTIAL_INVALID', { message: m.message, extensions: { reason: m.reason } });
  return m.value;
}

async function credentialValues(deps: ExchangeAdminDeps, subsystemId: number, input: CredentialCreate): Promise<{ values: CredentialValues; secret?: string }> {
  const base = { subsystemId, label: input.label ?? '', certificatePem: null, publicJwk: null, notAfter: null };
  switch (input.kind) {
    case 'certificate': {
      const { fingerprint, certificatePem, notAfter } = unwrap(certificateMaterial(input.certificatePem, deps.now()));
      return { values: { ...base, kind: 'certificate', fingerprint, certificatePem, notAfter } };
    }
    case 'jwk': {
      const { fingerprint, publicJwk } = unwrap(await jwkMaterial(input.publicJwk));
      return { values: { ...base, kind: 'jwk', fingerprint, publicJwk } };
    }
    case 'secret': {
      if (!deps.settings.sharedSecrets) throw new AppError('EXCHANGE_SHARED_SECRETS_DISABLED');
      const { secret, fingerprint } = secretMaterial();
      return { values: { ...base, kind: 'secret', fingerprint }, secret };
    }
  }
}

/**
 * Registers how a consumer subsystem proves who it is. A generated shared secret is in the
 * answer this once; only its SHA-256 is stored.
 */
export async function registerCredential(deps: ExchangeAdminDeps, principal: Principal, subsystemId: number, input: CredentialCreate): Promise<{ credential: ClientCredential; secret?: string }> {
  const subsystem = await deps.db.run((q) => selectSubsystem(q, subsystemId));
  if (!subsystem) throw new AppError('EXCHANGE_SUBSYSTEM_NOT_FOUND');
  assertManages(principal, subsystem.agencyCode);
  const { values, secret } = await credentialValues(deps, subsystemId, input);
  const credential = await mapUniqueViolation(
    deps.db.transaction(async (tx) => {
      if (await selectCredentialByFingerprint(tx, values.kind, values.fingerprint)) throw new AppError('EXCHANGE_CREDENTIAL_TAKEN');
      const created = await insertCredential(tx, values);
      await bumpExchangeVersion(tx);
      return created;
    }),
    'EXCHANGE_CREDENTIAL_TAKEN',
    { exchange_client_credentials_subsystem_id_fkey: 'EXCHANGE_SUBSYSTEM_NOT_FOUND' },
  );
  await refreshAfterWrite(deps);
  return secret === undefined ? { credential } : { credential, secret };
}

/** Revokes a credential; this node refuses it on its next call, others within the refresh interval. */
export async function revokeCredential(deps: ExchangeAdminDeps, principal: Principal, id: number): Promise<ClientCredential> {
  const revoked = await deps.db.transaction(async (tx) => {
    const credential = await selectCredential(tx, id, true);
    if (!credential) throw new AppError('EXCHANGE_CREDENTIAL_NOT_FOUND');
    const subsystem = (await selectSubsystem(tx, credential.subsystemId))!;
    assertManages(principal, subsystem.agencyCode);
    if (credential.revokedAt) throw new AppError('EXCHANGE_CREDENTIAL_REVOKED');
    const after = await revokeCredentialRow(tx, id, deps.now());
    await bumpExchangeVersion(tx);
    return after;
  });
  await refreshAfterWrite(deps);
  return revoked;
}

export async function listCredentials(deps: Pick<ExchangeAdminDeps, 'db'>, principal: Principal, subsystemId: number): Promise<ClientCredential[]> {
  return deps.db.run(async (q) => {
    const subsystem = await selectSubsystem(q, subsystemId);
    if (!subsystem) throw new AppError('EXCHANGE_SUBSYSTEM_NOT_FOUND');
    assertMayRead(principal, subsystem.agencyCode);
    return selectCredentialsOf(q, subsystemId);
  });
}
