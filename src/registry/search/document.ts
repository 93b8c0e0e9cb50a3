/** How a registry service becomes a search document. */
import type { Agency, Service } from '../model.ts';
import type { SearchDocument } from './types.ts';

export function toSearchDocument(service: Service, agency: Pick<Agency, 'nameFa' | 'nameEn'>): SearchDocument {
  return {
    id: service.id,
    fields: {
      nameFa: service.nameFa,
      nameEn: service.nameEn,
      descriptionFa: service.descriptionFa,
      descriptionEn: service.descriptionEn,
      agencyNameFa: agency.nameFa,
      agencyNameEn: agency.nameEn,
      externalCode: service.externalCode,
      serviceId: service.id,
    },
    facets: {
      agency: service.agencyCode,
      topic: service.topic,
      audience: [...service.audiences],
      lifeEvent: [...service.lifeEvents],
      maturity: String(service.maturity),
      delivery: service.deliveryStatus,
    },
    // Logarithmic, so a service used by millions does not bury one used by thousands.
    boost: Math.log1p(Math.max(0, service.annualUsers ?? 0)),
  };
}
