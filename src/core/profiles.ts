/**
 * Who a signed-in person acts for (Identity II): themself, a legal entity they represent, a
 * minor in their guardianship, or a person who gave them a mandate. Pure types and rules; the
 * registry checks and tables live in `src/identity/profiles/`.
 *
 * Every action and every exchange call made through the portal records both: the person who
 * acted (`actor`, the account signed in) and the one acted for (`subject`).
 */
export const profileKinds = ['self', 'legal_entity', 'ward', 'mandate'] as const;
export type ProfileKind = (typeof profileKinds)[number];

/** `legal_id`: an 11-digit legal entity identifier (شناسه ملی) with its check digit. */
export type SubjectIdentifierType = 'national_code' | 'foreign_national' | 'legal_id';

export interface ProfileSubject {
  identifierType: SubjectIdentifierType;
  identifier: string;
  nameFa: string;
  nameEn: string;
}

export interface ActingFor {
  /** Null for oneself; otherwise the profile's id (a row the signed-in account owns). */
  profileId: string | null;
  kind: ProfileKind;
  subject: ProfileSubject;
  /** Bilingual role, e.g. managing director, natural guardian; null for oneself and mandates. */
  role: { code: string; fa: string; en: string } | null;
  /** For a mandate: the catalog service ids it covers. Null: not limited by this profile. */
  services: readonly string[] | null;
  /** When the profile stops being valid (a mandate's end, a ward's 18th birthday), ISO 8601; null: open-ended. */
  validUntil: string | null;
}
