import type { AgencyKind, Audience, Channel, LifeEvent, Topic } from '../core/taxonomy.ts';
import type { DeliveryStatus, MaturityLevel } from '../core/maturity.ts';

/** Text a person reads: always both languages. */
export interface Bilingual {
  fa: string;
  en: string;
}

export interface Agency {
  code: string;
  nameFa: string;
  nameEn: string;
  kind: AgencyKind;
  parentCode: string | null;
  eligible: boolean;
  /** The day the agency connected to the window; null while not connected. */
  connectedOn: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  website: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** An inquiry a service needs from another agency instead of asking the citizen for evidence. */
export interface ServiceInquiry extends Bilingual {
  agencyCode: string;
}

export interface Service {
  /** The service identifier issued by the registry (see core/service-id.ts). */
  id: string;
  agencyCode: string;
  parentId: string | null;
  /** The agency's code from an earlier registry (Iran: 11 digits), kept searchable. */
  externalCode: string | null;
  nameFa: string;
  nameEn: string;
  descriptionFa: string;
  descriptionEn: string;
  topic: Topic;
  audiences: Audience[];
  lifeEvents: LifeEvent[];
  maturity: MaturityLevel;
  deliveryStatus: DeliveryStatus;
  channels: Channel[];
  /** Fee in the country's currency (Iran: rials); 0 is free, null unknown. */
  feeAmount: number | null;
  slaDays: number | null;
  requiredEvidence: Bilingual[];
  inquiries: ServiceInquiry[];
  serviceType: 'G2C' | 'G2B' | 'G2G';
  nature: 'sovereign' | 'operational';
  serviceLevel: 'national' | 'provincial' | 'city' | 'rural';
  trigger: 'on_request' | 'on_date' | 'on_life_event' | 'on_agency_initiative';
  inPersonVisits: number;
  avgProcessingDays: number | null;
  accessUrl: string | null;
  annualUsers: number | null;
  complaintChannel: string | null;
  status: 'active' | 'retired';
  retiredAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}
