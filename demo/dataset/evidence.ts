/**
 * What services ask of citizens (documents) and of other agencies (inquiries). A more mature
 * service asks fewer documents and more inquiries: that is the once-only principle the
 * maturity ladder measures.
 */
import type { Bilingual, ServiceInquiry } from '../../src/registry/model.ts';
import type { Topic } from '../../src/core/taxonomy.ts';

interface InquiryTemplate extends ServiceInquiry {
  /** Topics whose services typically need it; empty means any service may. */
  topics: Topic[];
  weight: number;
}

const q = (agencyCode: string, fa: string, en: string, weight: number, topics: Topic[] = []): InquiryTemplate => ({
  agencyCode, fa, en, weight, topics,
});

export const inquiryTemplates: InquiryTemplate[] = [
  q('NOCR', 'استعلام هویت', 'Identity inquiry', 10),
  q('CRA', 'احراز مالکیت خط تلفن همراه (شاهکار)', 'Mobile line ownership check (Shahkar)', 6),
  q('IPC', 'استعلام کد پستی', 'Postal code inquiry', 4),
  q('LMO', 'استعلام سطح سواد', 'Literacy-level inquiry', 3, ['education', 'employment', 'transport']),
  q('IHIO', 'استعلام اعتبار دفترچه بیمه سلامت', 'Health insurance booklet validity inquiry', 3, ['health', 'welfare']),
  q('SSO', 'استعلام سوابق بیمه‌ای', 'Insurance record inquiry', 3, ['welfare', 'employment', 'business']),
  q('DEEDS', 'استعلام وضعیت ثبتی ملک', 'Property registration status inquiry', 4, ['property', 'energy', 'agriculture']),
  q('DEEDS', 'استعلام اشخاص حقوقی', 'Legal entity inquiry', 4, ['business', 'tax', 'finance']),
  q('INTA', 'استعلام کد اقتصادی', 'Economic code inquiry', 3, ['business', 'finance', 'tax']),
  q('INTA', 'استعلام مفاصاحساب مالیاتی', 'Tax clearance inquiry', 2, ['property', 'business']),
  q('FARAJA', 'استعلام وضعیت نظام وظیفه', 'Conscription status inquiry', 3, ['military', 'travel', 'employment', 'education']),
  q('FARAJA', 'استعلام مالکیت خودرو', 'Vehicle ownership inquiry', 4, ['transport', 'tax']),
  q('FARAJA', 'استعلام گواهینامه رانندگی', 'Driving licence inquiry', 3, ['transport']),
  q('JUDICIARY', 'استعلام سوابق کیفری', 'Criminal record inquiry', 2, ['employment', 'business', 'justice', 'travel']),
  q('MIN-SCIENCE', 'استعلام مدرک تحصیلی دانشگاهی', 'University degree inquiry', 2, ['education', 'employment', 'health']),
  q('MIN-EDUCATION', 'استعلام مدرک دیپلم', 'High-school diploma inquiry', 2, ['education', 'employment']),
  q('BONYAD-SHAHID', 'استعلام وضعیت ایثارگری', 'Veteran status inquiry', 2, ['welfare', 'education', 'employment']),
  q('IKRF', 'استعلام پوشش حمایتی', 'Relief coverage inquiry', 2, ['welfare', 'health']),
  q('BEHZISTI', 'استعلام وضعیت معلولیت', 'Disability status inquiry', 2, ['welfare', 'transport']),
  q('MIN-INDUSTRY', 'استعلام پروانه کسب', 'Business licence inquiry', 2, ['business', 'tax']),
  q('CBI', 'استعلام چک برگشتی', 'Bounced cheque inquiry', 2, ['finance', 'business']),
  q('TVTO', 'استعلام گواهینامه مهارت', 'Skill certificate inquiry', 1, ['employment']),
  q('ARAO', 'استعلام شناسه کارمندی', 'Civil servant status inquiry', 1, ['employment', 'welfare']),
  q('FRWO', 'استعلام وضعیت اراضی ملی', 'National land status inquiry', 2, ['agriculture', 'property']),
  q('MIN-HEALTH', 'استعلام پروانه پزشکی', 'Medical licence inquiry', 1, ['health']),
];

interface EvidenceTemplate extends Bilingual {
  topics: Topic[];
}

const e = (fa: string, en: string, topics: Topic[] = []): EvidenceTemplate => ({ fa, en, topics });

export const evidenceTemplates: EvidenceTemplate[] = [
  e('تصویر کارت ملی', 'Copy of national ID card'),
  e('تصویر شناسنامه', 'Copy of birth certificate'),
  e('عکس پرسنلی', 'Passport-size photograph'),
  e('گواهی کد پستی محل سکونت', 'Postal-code certificate of residence', ['property', 'energy', 'communications']),
  e('سند مالکیت یا اجاره‌نامه', 'Title deed or lease', ['property', 'energy', 'business']),
  e('پروانه کسب', 'Business licence', ['business', 'tax']),
  e('آگهی تأسیس شرکت', 'Company incorporation notice', ['business', 'finance', 'tax']),
  e('کارت پایان خدمت یا معافیت', 'Military service card or exemption', ['military', 'travel', 'employment']),
  e('مدرک تحصیلی', 'Educational certificate', ['education', 'employment', 'health']),
  e('گواهی پزشکی', 'Medical certificate', ['health', 'transport', 'welfare']),
  e('وکالت‌نامه رسمی', 'Notarised power of attorney'),
  e('فیش واریز هزینه', 'Fee payment receipt'),
  e('دفترچه بیمه', 'Insurance booklet', ['health', 'welfare']),
  e('گواهینامه رانندگی', 'Driving licence', ['transport']),
  e('گذرنامه معتبر', 'Valid passport', ['travel']),
  e('طرح توجیهی', 'Feasibility study', ['business', 'agriculture', 'science']),
  e('نقشه و کروکی محل', 'Site plan and sketch map', ['property', 'agriculture', 'energy']),
  e('گواهی عدم سوءپیشینه', 'Certificate of no criminal record', ['employment', 'justice']),
];
