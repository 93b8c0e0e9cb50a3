/**
 * The three inquiries a person runs about themself (or whom they act for) on "my inquiries",
 * and how each agency's answer is read. Answers are read strictly: anything but the expected
 * shape is the agency's fault (`INQUIRY_UNAVAILABLE`), never shown half-read as a "no".
 * Dates stay Gregorian `YYYY-MM-DD` here; pages show them in the page's calendar.
 */
export const inquiryKinds = ['literacy-level', 'insurance-validity', 'id-card-status'] as const;
export type InquiryKind = (typeof inquiryKinds)[number];

export const isInquiryKind = (v: string): v is InquiryKind => (inquiryKinds as readonly string[]).includes(v);

/** A coded value with its label in both languages, as the agencies send it. */
export interface Label {
  code: string;
  fa: string;
  en: string;
}

export type InquiryAnswer =
  | { kind: 'literacy-level'; level: Label; certifiedOn: string | null }
  | { kind: 'insurance-validity'; valid: boolean; validUntil: string; fund: Label; bookletNumber: string }
  | { kind: 'id-card-status'; status: Label; trackingNumber: string; history: { status: Label; date: string }[] };

/** Which setting names each inquiry's exchange service. */
export const inquirySettings = {
  'literacy-level': 'INQUIRY_LITERACY_SERVICE',
  'insurance-validity': 'INQUIRY_INSURANCE_SERVICE',
  'id-card-status': 'INQUIRY_ID_CARD_SERVICE',
} as const satisfies Record<InquiryKind, string>;

export type InquiryServices = Partial<Record<InquiryKind, string>>;

/** The provider path for a national code (ASCII digits, checked). */
export function inquiryPath(kind: InquiryKind, nationalCode: string): string {
  switch (kind) {
    case 'literacy-level':
      return `/literacy-level/${nationalCode}`;
    case 'insurance-validity':
      return `/booklets/${nationalCode}/validity`;
    case 'id-card-status':
      return `/cards/by-national-code/${nationalCode}`;
  }
}

/**
 * What the exchange log shows as the call's purpose (`X-Road-Issue`) — to the person it is
 * about, on "who accessed my data", and to the agency. ASCII: HTTP header values are bytes.
 */
export function inquiryPurpose(kind: InquiryKind): string {
  const what = { 'literacy-level': 'literacy level', 'insurance-validity': 'health insurance validity', 'id-card-status': 'national ID card status' }[kind];
  return `OneWindow portal, my inquiries: ${what}, asked by the person or by someone acting for them`;
}

const isoDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v));
const text = (v: unknown, max = 200): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;
const label = (v: unknown): Label | null => {
  if (typeof v !== 'object' || v === null) return null;
  const { code, fa, en } = v as Record<string, unknown>;
  return text(code, 64) && text(fa) && text(en) ? { code, fa, en } : null;
};

/** The answer of a 200, or null when it does not have the expected shape. */
export function readInquiryAnswer(kind: InquiryKind, body: unknown): InquiryAnswer | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  switch (kind) {
    case 'literacy-level': {
      const level = label(b.level);
      if (!level || !(b.certifiedOn === null || isoDate(b.certifiedOn))) return null;
      return { kind, level, certifiedOn: b.certifiedOn };
    }
    case 'insurance-validity': {
      const fund = label(b.fund);
      if (!fund || typeof b.valid !== 'boolean' || !isoDate(b.validUntil) || !text(b.bookletNumber, 32)) return null;
      return { kind, valid: b.valid, validUntil: b.validUntil, fund, bookletNumber: b.bookletNumber };
    }
    case 'id-card-status': {
      const status = label(b.status);
      if (!status || !text(b.trackingNumber, 32) || !Array.isArray(b.history) || b.history.length > 50) return null;
      const history: { status: Label; date: string }[] = [];
      for (const h of b.history as unknown[]) {
        const stage = typeof h === 'object' && h !== null ? (h as Record<string, unknown>) : {};
        const s = label(stage.status);
        if (!s || !isoDate(stage.date)) return null;
        history.push({ status: s, date: stage.date });
      }
      return { kind, status, trackingNumber: b.trackingNumber, history };
    }
  }
}
