import type { AgencyFigures } from './figures.ts';

/**
 * Test data builder. Services not placed elsewhere sit at L0 and count as not delivered, so
 * every built agency passes input validation unless a test breaks it on purpose.
 */
export function agency(code: string, over: Partial<AgencyFigures> = {}): AgencyFigures {
  const identified = over.identified ?? over.byMaturity?.reduce((s, n) => s + n, 0) ?? 0;
  const delivered = over.delivered ?? 0;
  return {
    code,
    nameFa: `سازمان ${code}`,
    nameEn: `Agency ${code}`,
    kind: 'ministry',
    eligible: true,
    connectedOn: '2022-06-01',
    identified,
    delivered,
    notDelivered: identified - delivered,
    byMaturity: [identified, 0, 0, 0, 0, 0],
    ...over,
  };
}
