import Type, { type Static, type TSchema } from 'typebox';
import { agencyKinds, audiences, channels, lifeEvents, serviceLevels, serviceNatures, serviceTriggers, serviceTypes, topics } from '../core/taxonomy.ts';
import { deliveryStatuses } from '../core/maturity.ts';

/**
 * One schema per shape: Fastify validates requests with it, the OpenAPI document is generated
 * from it, and the bulk import validates each row with the same schema.
 */
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const strictObject = <T extends Record<string, TSchema>>(properties: T) => Type.Object(properties, { additionalProperties: false });
const enumOf = <const T extends string[]>(values: readonly [...T], description?: string) => Type.Enum<T>(values, description ? { description } : {});

const name = Type.String({ minLength: 1, maxLength: 300 });
const longText = Type.String({ maxLength: 4000 });
export const agencyCode = Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{1,31}$', description: 'Agency code: upper-case letters, digits and hyphens, 2–32 characters.' });
const bilingual = strictObject({ fa: Type.String({ minLength: 1, maxLength: 300 }), en: Type.String({ minLength: 1, maxLength: 300 }) });
const url = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 });

const agencyFields = {
  nameFa: name,
  nameEn: name,
  kind: enumOf(agencyKinds),
  parentCode: nullable(agencyCode),
  eligible: Type.Boolean({ description: 'Whether the agency is in the legal scope of the window.' }),
  connectedOn: nullable(Type.String({ format: 'date', description: 'The day the agency connected to the window; null while not connected.' })),
  contactEmail: nullable(Type.String({ format: 'email', maxLength: 254 })),
  contactPhone: nullable(Type.String({ pattern: '^\\+?[0-9 ()-]{4,24}$' })),
  website: nullable(url),
};

export const AgencyCreate = strictObject({
  code: agencyCode,
  ...agencyFields,
  parentCode: Type.Optional(agencyFields.parentCode),
  eligible: Type.Optional(agencyFields.eligible),
  connectedOn: Type.Optional(agencyFields.connectedOn),
  contactEmail: Type.Optional(agencyFields.contactEmail),
  contactPhone: Type.Optional(agencyFields.contactPhone),
  website: Type.Optional(agencyFields.website),
});
export type AgencyCreate = Static<typeof AgencyCreate>;

const versionField = Type.Optional(Type.Integer({ minimum: 1, description: 'The version you read; the change is refused if the record changed since.' }));

export const AgencyPatch = Type.Object(
  { ...Object.fromEntries(Object.entries(agencyFields).map(([k, v]) => [k, Type.Optional(v)])), version: versionField } as {
    [K in keyof typeof agencyFields]: ReturnType<typeof Type.Optional<(typeof agencyFields)[K]>>;
  } & { version: typeof versionField },
  { additionalProperties: false, minProperties: 1 },
);
export type AgencyPatch = Static<typeof AgencyPatch>;

export const Agency = Type.Object({
  code: Type.String(),
  ...agencyFields,
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

const serviceFields = {
  agencyCode,
  parentId: nullable(Type.String({ minLength: 1, maxLength: 40, description: 'Service identifier of the parent service, for a sub-service; `null` for none (an empty string is refused).' })),
  externalCode: nullable(Type.String({ maxLength: 40, description: "The agency's code for this service in an earlier registry." })),
  nameFa: name,
  nameEn: name,
  descriptionFa: longText,
  descriptionEn: longText,
  topic: enumOf(Object.keys(topics) as (keyof typeof topics)[]),
  audiences: Type.Array(enumOf(audiences), { uniqueItems: true, maxItems: 3 }),
  lifeEvents: Type.Array(enumOf(Object.keys(lifeEvents) as (keyof typeof lifeEvents)[]), { uniqueItems: true, maxItems: 12 }),
  maturity: Type.Integer({ minimum: 0, maximum: 5, description: 'L0 listed · L1 informational · L2 online request · L3 fully electronic · L4 integrated/once-only · L5 proactive/smart.' }),
  deliveryStatus: enumOf(deliveryStatuses),
  channels: Type.Array(enumOf(channels), { uniqueItems: true, maxItems: 3 }),
  feeAmount: nullable(Type.Integer({ minimum: 0, maximum: 1e15, description: 'Fee in the country currency (rials in Iran); 0 is free.' })),
  slaDays: nullable(Type.Integer({ minimum: 0, maximum: 3650, description: 'Service level agreement in working days.' })),
  requiredEvidence: Type.Array(bilingual, { maxItems: 50 }),
  inquiries: Type.Array(strictObject({ agencyCode, fa: Type.String({ minLength: 1, maxLength: 300 }), en: Type.String({ minLength: 1, maxLength: 300 }) }), { maxItems: 50 }),
  serviceType: enumOf(serviceTypes),
  nature: enumOf(serviceNatures),
  serviceLevel: enumOf(serviceLevels),
  trigger: enumOf(serviceTriggers),
  inPersonVisits: Type.Integer({ minimum: 0, maximum: 100 }),
  avgProcessingDays: nullable(Type.Number({ minimum: 0, maximum: 3650 })),
  accessUrl: nullable(url),
  annualUsers: nullable(Type.Integer({ minimum: 0, maximum: 1e12 })),
  complaintChannel: nullable(Type.String({ maxLength: 300 })),
};

type ServiceFields = typeof serviceFields;
const optionalFields = <K extends keyof ServiceFields>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, Type.Optional(serviceFields[k])])) as { [P in K]: ReturnType<typeof Type.Optional<ServiceFields[P]>> };

const requiredOnCreate = ['agencyCode', 'nameFa', 'nameEn', 'topic', 'maturity', 'deliveryStatus', 'serviceType', 'nature', 'serviceLevel', 'trigger'] as const;
const optionalOnCreate = (Object.keys(serviceFields) as (keyof ServiceFields)[]).filter(
  (k): k is Exclude<keyof ServiceFields, (typeof requiredOnCreate)[number]> => !(requiredOnCreate as readonly string[]).includes(k),
);

export const ServiceCreate = strictObject({
  ...Object.fromEntries(requiredOnCreate.map((k) => [k, serviceFields[k]])) as Pick<ServiceFields, (typeof requiredOnCreate)[number]>,
  ...optionalFields(optionalOnCreate),
});
export type ServiceCreate = Static<typeof ServiceCreate>;

const patchable = (Object.keys(serviceFields) as (keyof ServiceFields)[]).filter((k): k is Exclude<keyof ServiceFields, 'agencyCode'> => k !== 'agencyCode');
export const ServicePatch = Type.Object({ ...optionalFields(patchable), version: versionField }, { additionalProperties: false, minProperties: 1 });
export type ServicePatch = Static<typeof ServicePatch>;

export const Service = Type.Object({
  id: Type.String({ description: 'Service identifier, e.g. IR-01000001-XX (ISO 7064 MOD 97-10 check digits).' }),
  ...serviceFields,
  status: enumOf(['active', 'retired']),
  retiredAt: nullable(Type.String({ format: 'date-time' })),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const HistoryEntry = Type.Object({
  id: Type.Integer(),
  action: Type.String(),
  actor: Type.String(),
  at: Type.String({ format: 'date-time' }),
  changes: Type.Record(Type.String(), Type.Unknown()),
});

export const Page = <T extends TSchema>(item: T) => Type.Object({ total: Type.Integer(), offset: Type.Integer(), limit: Type.Integer(), items: Type.Array(item) });
export const PageQuery = {
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
};
