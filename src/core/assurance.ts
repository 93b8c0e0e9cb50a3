/**
 * How sure the window is of who a person is, as told to agencies in the ID token's `acr` and
 * `amr` claims (OpenID Connect Core §2). Three levels, each adding to the one below:
 *
 * 1. `registry`: the identifier, birth date and names matched the civil registry;
 * 2. `mobile`: and the mobile number's ownership was confirmed by the operators' registry and
 *    its possession proved by a one-time code (every registered account reaches this);
 * 3. `mfa`: and this session passed a second factor (TOTP or a recovery code).
 *
 * `amr` values are RFC 8176's: `sms` + `otp` for a code by SMS, `pwd` for a password, `otp`
 * for TOTP, `mfa` once two independent factors were used, `user` for approval on a device
 * already signed in.
 */
export const acrValues = {
  registry: 'urn:onewindow:acr:registry',
  mobile: 'urn:onewindow:acr:mobile',
  mfa: 'urn:onewindow:acr:mfa',
} as const;
export type AssuranceLevel = keyof typeof acrValues;
export type Acr = (typeof acrValues)[AssuranceLevel];

export const amrValues = ['pwd', 'sms', 'otp', 'mfa', 'user', 'swk'] as const;
export type Amr = (typeof amrValues)[number];

/** Levels from weakest to strongest, as their `acr` strings (the provider's `acr_values_supported`). */
export const acrOrder: readonly Acr[] = [acrValues.registry, acrValues.mobile, acrValues.mfa];

/**
 * The level a session earns: the account's proofing level (1 or 2), raised to 3 only when the
 * session used a second factor on top of an account proven to level 2.
 */
export function sessionAcr(accountAssurance: 1 | 2, amr: readonly Amr[]): Acr {
  if (accountAssurance === 2 && amr.includes('mfa')) return acrValues.mfa;
  return accountAssurance === 2 ? acrValues.mobile : acrValues.registry;
}

/** The methods after a second factor was added to a session's first. */
export function withSecondFactor(amr: readonly Amr[], factor: Amr): Amr[] {
  return [...new Set<Amr>([...amr, factor, 'mfa'])];
}

/** Whether a session at `actual` satisfies a client's or a route's demand for `required`. */
export function meetsAcr(actual: string, required: string): boolean {
  const a = acrOrder.indexOf(actual as Acr);
  const r = acrOrder.indexOf(required as Acr);
  return a >= 0 && r >= 0 && a >= r;
}
