/** The citizen API's shapes for profiles and mandates (TypeBox: validation, types and OpenAPI). */
import Type from 'typebox';

const Bilingual = { nameFa: Type.String(), nameEn: Type.String() };
export const Role = Type.Object({ code: Type.String(), fa: Type.String(), en: Type.String() });

export const Subject = Type.Object({
  identifierType: Type.Union([Type.Literal('national_code'), Type.Literal('foreign_national'), Type.Literal('legal_id')]),
  identifier: Type.String(),
  ...Bilingual,
});

export const Profile = Type.Object(
  {
    profileId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'null: the person themself' }),
    kind: Type.Union([Type.Literal('self'), Type.Literal('legal_entity'), Type.Literal('ward'), Type.Literal('mandate')]),
    subject: Subject,
    role: Type.Union([Role, Type.Null()]),
    services: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'A mandate: the catalog service ids it covers. null: not limited by this profile.' }),
    validFrom: Type.Union([Type.String({ format: 'date' }), Type.Null()], { description: 'A mandate that has not started yet: its first day.' }),
    validUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    usable: Type.Boolean({ description: 'Whether it can be chosen today (a mandate may not have started).' }),
  },
  { additionalProperties: false },
);

export const ProfileList = Type.Object({
  active: Profile,
  profiles: Type.Array(Profile),
  suggestions: Type.Array(Type.Object({ legalId: Type.String(), ...Bilingual, role: Role }), { description: 'Companies the business registry lists for the person, not added yet.' }),
  registryUnavailable: Type.Boolean({ description: 'A registry could not be asked: wards and suggestions may be out of date.' }),
});

export const ActiveAnswer = Type.Object({ active: Profile });
export const SwitchBody = Type.Object({ profileId: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]) }, { additionalProperties: false });
export const LegalEntityBody = Type.Object({ legalId: Type.String({ maxLength: 64, description: '11 digits with the check digit; Persian digits and separators accepted.' }) }, { additionalProperties: false });

const Party = Type.Object({ identifierType: Type.Union([Type.Literal('national_code'), Type.Literal('foreign_national')]), identifier: Type.String(), ...Bilingual });
export const Mandate = Type.Object({
  id: Type.String({ format: 'uuid' }),
  grantor: Party,
  grantee: Party,
  services: Type.Array(Type.String()),
  startsOn: Type.String({ format: 'date' }),
  endsOn: Type.String({ format: 'date', description: 'The last day it may be used (inclusive, in the country’s time zone).' }),
  status: Type.Union([Type.Literal('upcoming'), Type.Literal('active'), Type.Literal('ended'), Type.Literal('revoked')]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
export const MandateLists = Type.Object({ given: Type.Array(Mandate), received: Type.Array(Mandate) });
export const MandateBody = Type.Object(
  {
    grantee: Type.String({ maxLength: 64, description: 'The national code of the person who may act for you.' }),
    services: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 20, description: 'Catalog service ids (IR-…).' }),
    startsOn: Type.String({ maxLength: 10, description: 'First day, YYYY-MM-DD (Gregorian); not in the past.' }),
    endsOn: Type.String({ maxLength: 10, description: 'Last day, YYYY-MM-DD; at most MANDATE_MAX_DAYS days in all.' }),
  },
  { additionalProperties: false },
);
export const MandateParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

/** RFC 9457 problem documents, as every error of the API. */
export const ProblemDocument = Type.Object(
  { type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.String(), instance: Type.String(), code: Type.String(), requestId: Type.String() },
  { additionalProperties: true, description: 'A problem document; branch on `code` (docs/errors.md).' },
);
export const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, ProblemDocument]));
