/**
 * A person's own data (Identity II): "my inquiries" — literacy level, health-insurance validity
 * and ID-card status asked through the exchange about themself or whom they act for — and
 * "who accessed my data" — the exchange log's calls about them. The API is here; the pages are
 * `pages/inquiries.tsx` and `pages/accesses.tsx`.
 */
export { runInquiry, onBehalfOf, type InquiryDeps, type InquiryResult } from './inquiries.ts';
export { myAccesses, type AccessesDeps, type MyAccess, type MyAccessPage, type Actor } from './accesses.ts';
export { inquiryKinds, inquiryPurpose, isInquiryKind, inquirySettings, type InquiryKind, type InquiryAnswer, type InquiryServices } from './inquiry-kinds.ts';
export { citizenDataRoutes } from './routes.ts';
export { dayStart, formatDay, parseDay, type Calendar } from './period.ts';
