/**
 * How the demo registers the six reference agencies on the exchange: which registry agency each
 * one is, the services they provide, the consumer systems of other agencies that call them, and
 * the access requests (approved, endpoint-limited, refused, pending) that make the console and
 * the usage figures look like a working Government Service Bus. Pure data; `load.ts` writes it.
 *
 * Agency codes are those of the demo dataset (`demo/dataset/agencies-*.ts`); every member is of
 * class `GOV` with its registry agency code as member code.
 */
import type { DataSubjectLocation } from '../../src/exchange/model.ts';
import type { EndpointPattern } from '../../src/exchange/protocol/endpoints.ts';

export const DEMO_MEMBER_CLASS = 'GOV';

export interface Bilingual {
  fa: string;
  en: string;
}

export interface ProviderRegistration {
  /** Code of the reference agency (`demo/agencies/<code>`); also the subsystem code. */
  reference: string;
  agencyCode: string;
  subsystem: { code: string; name: Bilingual };
  service: {
    code: string;
    name: Bilingual;
    /** English name of the catalog service this API serves (looked up in the provider's services). */
    catalogNameEn: string | null;
    dataSubject: DataSubjectLocation | null;
    timeoutMs: number;
    /** Share of all exchange calls in the demo usage (the shares add up to 1). */
    share: number;
    /** Typical latency (ms) and error rate, for the synthetic usage. */
    latencyMs: number;
    errorRate: number;
  };
}

export interface ConsumerRegistration {
  agencyCode: string;
  subsystem: { code: string; name: Bilingual };
}

export type RequestOutcome =
  | { status: 'approved'; boardApproval?: boolean; message: Bilingual }
  | { status: 'refused'; message: Bilingual }
  | { status: 'pending' };

export interface AccessRequestRegistration {
  consumer: { agencyCode: string; subsystemCode: string };
  /** Reference agency code of the provider (`ProviderRegistration.reference`). */
  provider: string;
  /** null: the whole service. */
  endpoints: EndpointPattern[] | null;
  purpose: Bilingual;
  legalBasis: Bilingual;
  outcome: RequestOutcome;
  /** Share of the service's calls this consumer makes (approved requests only; per service they add up to 1). */
  share?: number;
  /** How many days before "now" the request was filed. */
  filedDaysAgo: number;
}

export const providers: readonly ProviderRegistration[] = [
  {
    reference: 'civil-registry',
    agencyCode: 'NOCR',
    subsystem: { code: 'civil-registry', name: { fa: 'سامانه ثبت احوال (مرجع)', en: 'Civil registry system (reference)' } },
    service: {
      code: 'person-inquiry',
      name: { fa: 'استعلام هویت و ولایت', en: 'Identity and guardianship inquiry' },
      catalogNameEn: 'Identity inquiry',
      dataSubject: { in: 'path', name: 'nationalCode' },
      timeoutMs: 5000,
      share: 0.13,
      latencyMs: 42,
      errorRate: 0.004,
    },
  },
  {
    reference: 'literacy-movement',
    agencyCode: 'LMO',
    subsystem: { code: 'literacy-movement', name: { fa: 'سامانه سوادآموزی (مرجع)', en: 'Literacy records system (reference)' } },
    service: {
      code: 'literacy-level',
      name: { fa: 'استعلام سطح سواد', en: 'Literacy-level inquiry' },
      catalogNameEn: 'Literacy-level inquiry',
      dataSubject: { in: 'path', name: 'nationalCode' },
      timeoutMs: 5000,
      share: 0.3,
      latencyMs: 36,
      errorRate: 0.003,
    },
  },
  {
    reference: 'health-insurance',
    agencyCode: 'IHIO',
    subsystem: { code: 'health-insurance', name: { fa: 'سامانه بیمه‌شدگان (مرجع)', en: 'Insured persons system (reference)' } },
    service: {
      code: 'insurance-validity',
      name: { fa: 'استعلام اعتبار دفترچه بیمه سلامت', en: 'Health insurance booklet validity inquiry' },
      catalogNameEn: 'Health insurance booklet validity inquiry',
      dataSubject: { in: 'path', name: 'nationalCode' },
      timeoutMs: 5000,
      share: 0.24,
      latencyMs: 55,
      errorRate: 0.006,
    },
  },
  {
    reference: 'id-card-issuance',
    agencyCode: 'NOCR',
    subsystem: { code: 'id-card-issuance', name: { fa: 'سامانه صدور کارت ملی هوشمند (مرجع)', en: 'Smart ID card issuance system (reference)' } },
    service: {
      code: 'card-status',
      name: { fa: 'پیگیری صدور کارت ملی هوشمند', en: 'Smart national ID card issuance follow-up' },
      catalogNameEn: 'Smart national ID card issuance follow-up',
      // Only the by-national-code endpoint names the person; a tracking number is not a national code.
      dataSubject: { in: 'path', name: 'nationalCode' },
      timeoutMs: 8000,
      share: 0.18,
      latencyMs: 68,
      errorRate: 0.008,
    },
  },
  {
    reference: 'mobile-registry',
    agencyCode: 'CRA',
    subsystem: { code: 'mobile-registry', name: { fa: 'سامانه شاهکار (مرجع)', en: 'Shahkar mobile ownership system (reference)' } },
    service: {
      code: 'mobile-ownership',
      name: { fa: 'استعلام مالکیت خط تلفن همراه (شاهکار)', en: 'Mobile line ownership (Shahkar) inquiry' },
      catalogNameEn: 'Mobile line ownership (Shahkar) inquiry',
      dataSubject: { in: 'query', name: 'nationalCode' },
      timeoutMs: 5000,
      share: 0.09,
      latencyMs: 115,
      errorRate: 0.011,
    },
  },
  {
    reference: 'business-registry',
    agencyCode: 'DEEDS',
    subsystem: { code: 'business-registry', name: { fa: 'سامانه ثبت شرکت‌ها (مرجع)', en: 'Companies registry system (reference)' } },
    service: {
      code: 'company-inquiry',
      name: { fa: 'استعلام اشخاص حقوقی', en: 'Legal entity inquiry' },
      catalogNameEn: 'Legal entity inquiry',
      // A company's legal identifier is not a person; representatives come back masked.
      dataSubject: null,
      timeoutMs: 8000,
      share: 0.06,
      latencyMs: 88,
      errorRate: 0.005,
    },
  },
];

export const consumers: readonly ConsumerRegistration[] = [
  { agencyCode: 'ITO', subsystem: { code: 'one-window', name: { fa: 'پنجره ملی خدمات دولت هوشمند', en: 'National smart government services window' } } },
  { agencyCode: 'MIN-EDUCATION', subsystem: { code: 'student-registration', name: { fa: 'سامانه ثبت‌نام دانش‌آموزان', en: 'Student registration system' } } },
  { agencyCode: 'FARAJA', subsystem: { code: 'driving-licence', name: { fa: 'سامانه صدور گواهینامه رانندگی', en: 'Driving licence issuance system' } } },
  { agencyCode: 'MIN-HEALTH', subsystem: { code: 'e-prescription', name: { fa: 'سامانه نسخه‌نویسی الکترونیک', en: 'Electronic prescribing system' } } },
  { agencyCode: 'SSO', subsystem: { code: 'insured-services', name: { fa: 'سامانه خدمات بیمه‌شدگان', en: 'Insured persons services' } } },
  { agencyCode: 'CBI', subsystem: { code: 'bank-kyc', name: { fa: 'سامانه احراز هویت مشتریان بانکی', en: 'Bank customer identification (KYC)' } } },
  { agencyCode: 'BEHZISTI', subsystem: { code: 'welfare-support', name: { fa: 'سامانه حمایت‌های اجتماعی', en: 'Social support system' } } },
  { agencyCode: 'INTA', subsystem: { code: 'taxpayer-registration', name: { fa: 'سامانه ثبت‌نام مودیان', en: 'Taxpayer registration system' } } },
  { agencyCode: 'SANJESH', subsystem: { code: 'exam-enrolment', name: { fa: 'سامانه ثبت‌نام آزمون‌ها', en: 'Examination enrolment system' } } },
];

const approved = (fa: string, en: string, boardApproval = false): RequestOutcome => ({ status: 'approved', boardApproval, message: { fa, en } });
const personOnly: EndpointPattern[] = [{ method: 'GET', path: '/persons/{nationalCode}' }];
/**
 * The window's sign-up: the person by national code, and foreign residents by their identifier;
 * and for profiles (Identity II), the guardianship of the signed-in person, to find their wards.
 */
export const windowRegistration: EndpointPattern[] = [
  personOnly[0]!,
  { method: 'GET', path: '/foreign-nationals/{foreignNationalId}' },
  { method: 'GET', path: '/persons/{nationalCode}/guardianship' },
];
/** The window's profiles: whether a person represents a company, and the companies they represent. */
export const windowRepresentation: EndpointPattern[] = [
  { method: 'GET', path: '/companies/{legalId}/representatives/{nationalCode}' },
  { method: 'GET', path: '/persons/{nationalCode}/companies' },
];
export const WINDOW_REGISTRATION_PURPOSE: Bilingual = { fa: 'احراز هویت هنگام ثبت‌نام در پنجره ملی', en: 'Identity verification at sign-up to the national window' };
const cardByNationalCode: EndpointPattern[] = [{ method: 'GET', path: '/cards/by-national-code/{nationalCode}' }];
const smartGovLaw: Bilingual = { fa: 'قانون مدیریت داده‌ها و اطلاعات ملی، ماده ۳', en: 'National Data and Information Management Act, article 3' };

export const accessRequests: readonly AccessRequestRegistration[] = [
  // Literacy-level inquiry: the window itself, driving licences, adult education placement.
  {
    consumer: { agencyCode: 'ITO', subsystemCode: 'one-window' },
    provider: 'literacy-movement',
    endpoints: null,
    purpose: { fa: 'نمایش سطح سواد به خود شهروند در پنجره ملی', en: 'Showing citizens their own literacy level in the national window' },
    legalBasis: smartGovLaw,
    outcome: approved('تأیید شد.', 'Approved.'),
    share: 0.45,
    filedDaysAgo: 240,
  },
  {
    consumer: { agencyCode: 'FARAJA', subsystemCode: 'driving-licence' },
    provider: 'literacy-movement',
    endpoints: null,
    purpose: { fa: 'احراز شرط سواد برای صدور گواهینامه رانندگی', en: 'Checking the literacy requirement for a driving licence' },
    legalBasis: { fa: 'آیین‌نامه راهنمایی و رانندگی، شرایط صدور گواهینامه', en: 'Traffic regulations, conditions for issuing a driving licence' },
    outcome: approved('تأیید شد؛ فقط برای متقاضیان گواهینامه.', 'Approved; for licence applicants only.'),
    share: 0.35,
    filedDaysAgo: 230,
  },
  {
    consumer: { agencyCode: 'MIN-EDUCATION', subsystemCode: 'student-registration' },
    provider: 'literacy-movement',
    endpoints: null,
    purpose: { fa: 'تعیین پایه تحصیلی بزرگسالان در ثبت‌نام', en: 'Placing adult learners in the right grade at registration' },
    legalBasis: { fa: 'اساسنامه سازمان نهضت سوادآموزی', en: 'Statute of the Literacy Movement Organization' },
    outcome: approved('تأیید شد.', 'Approved.'),
    share: 0.2,
    filedDaysAgo: 220,
  },
  // Health insurance validity: prescribing, social security, welfare, the window.
  {
    consumer: { agencyCode: 'MIN-HEALTH', subsystemCode: 'e-prescription' },
    provider: 'health-insurance',
    endpoints: null,
    purpose: { fa: 'بررسی اعتبار بیمه بیمار هنگام نسخه‌نویسی', en: 'Checking the patient’s insurance when prescribing' },
    legalBasis: { fa: 'قانون بیمه همگانی خدمات درمانی', en: 'Universal Health Insurance Act' },
    outcome: approved('تأیید شد.', 'Approved.'),
    share: 0.6,
    filedDaysAgo: 250,
  },
  {
    consumer: { agencyCode: 'SSO', subsystemCode: 'insured-services' },
    provider: 'health-insurance',
    endpoints: null,
    purpose: { fa: 'جلوگیری از پوشش بیمه‌ای هم‌زمان', en: 'Preventing double health insurance coverage' },
    legalBasis: { fa: 'قانون ساختار نظام جامع رفاه و تأمین اجتماعی', en: 'Comprehensive Welfare and Social Security System Act' },
    outcome: approved('تأیید شد.', 'Approved.'),
    share: 0.2,
    filedDaysAgo: 210,
  },
  {
    consumer: { agencyCode: 'BEHZISTI', subsystemCode: 'welfare-support' },
    provider: 'health-insurance',
    endpoints: null,
    purpose: { fa: 'بیمه سلامت رایگان برای مددجویان', en: 'Free health insurance for welfare clients' },
    legalBasis: { fa: 'قانون جامع حمایت از حقوق معلولان', en: 'Comprehensive Act on the Rights of Persons with Disabilities' },
    outcome: approved('تأیید شد.', 'Approved.'),
    share: 0.08,
    filedDaysAgo: 200,
  },
  {
    consumer: { agencyCode: 'ITO', subsystemCode: 'one-window' },
    provider: 'health-insurance',
    endpoints: null,
    purpose: { fa: 'نمایش اعتبار بیمه به خود شهروند در پنجره ملی', en: 'Showing citizens their own insurance validity in the national window' },
    legalBasis: smartGovLaw,
    outcome: approved('تأیید شد.', 'Approved.'),
    share: 0.12,
    filedDaysAgo: 240,
  },
  // Smart ID card issuance follow-up.
  {
    consumer: { agencyCode: 'ITO', subsystemCode: 'one-window' },
    provider: 'id-card-issuance',
    endpoints: null,
    purpose: { fa: 'پیگیری کارت ملی توسط خود شهروند در پنجره ملی', en: 'Citizens following their own ID card in the national window' },
    legalBasis: smartGovLaw,
    outcome: approved('تأیید شد.', 'Approved.'),
    share: 0.4,
    filedDaysAgo: 240,
  },
  {
    consumer: { agencyCode: 'CBI', subsystemCode: 'bank-kyc' },
    provider: 'id-card-issuance',
    endpoints: cardByNationalCode,
    purpose: { fa: 'پذیرش رسید کارت ملی در احراز هویت بانکی', en: 'Accepting an ID card receipt during bank identification' },
    legalBasis: { fa: 'قانون مبارزه با پولشویی، ماده ۷', en: 'Anti-Money Laundering Act, article 7' },
    outcome: approved('تأیید شد؛ فقط استعلام با کد ملی.', 'Approved; inquiry by national code only.'),
    share: 0.35,
    filedDaysAgo: 190,
  },
  {
    consumer: { agencyCode: 'FARAJA', subsystemCode: 'driving-licence' },
    provider: 'id-card-issuance',
    endpoints: cardByNationalCode,
    purpose: { fa: 'احراز هویت متقاضی گواهینامه', en: 'Identifying driving licence applicants' },
    legalBasis: { fa: 'آیین‌نامه راهنمایی و رانندگی', en: 'Traffic regulations' },
    outcome: approved('تأیید شد؛ فقط استعلام با کد ملی.', 'Approved; inquiry by national code only.'),
    share: 0.25,
    filedDaysAgo: 230,
  },
  // Civil registry: most consumers get the person only; welfare also guardianship (board approved).
  {
    consumer: { agencyCode: 'CBI', subsystemCode: 'bank-kyc' },
    provider: 'civil-registry',
    endpoints: personOnly,
    purpose: { fa: 'احراز هویت مشتری هنگام افتتاح حساب', en: 'Identifying customers when opening an account' },
    legalBasis: { fa: 'قانون مبارزه با پولشویی، ماده ۷', en: 'Anti-Money Laundering Act, article 7' },
    outcome: approved('تأیید شد؛ بدون اطلاعات ولایت.', 'Approved; without guardianship data.'),
    share: 0.27,
    filedDaysAgo: 260,
  },
  {
    consumer: { agencyCode: 'ITO', subsystemCode: 'one-window' },
    provider: 'civil-registry',
    endpoints: windowRegistration,
    purpose: WINDOW_REGISTRATION_PURPOSE,
    legalBasis: smartGovLaw,
    outcome: approved('تأیید شد؛ استعلام هویت، و ولایت فقط برای شخصی که خود وارد پنجره شده است.', 'Approved; the person, and guardianship only of the person signed in to the window.'),
    share: 0.08,
    filedDaysAgo: 240,
  },
  {
    consumer: { agencyCode: 'SSO', subsystemCode: 'insured-services' },
    provider: 'civil-registry',
    endpoints: personOnly,
    purpose: { fa: 'قطع مستمری پس از فوت و تطبیق هویت بیمه‌شده', en: 'Stopping pensions after death and matching insured persons' },
    legalBasis: { fa: 'قانون تأمین اجتماعی', en: 'Social Security Act' },
    outcome: approved('تأیید شد.', 'Approved.'),
    share: 0.2,
    filedDaysAgo: 210,
  },
  {
    consumer: { agencyCode: 'MIN-HEALTH', subsystemCode: 'e-prescription' },
    provider: 'civil-registry',
    endpoints: personOnly,
    purpose: { fa: 'تطبیق هویت بیمار', en: 'Matching the patient’s identity' },
    legalBasis: { fa: 'قانون بیمه همگانی خدمات درمانی', en: 'Universal Health Insurance Act' },
    outcome: approved('تأیید شد.', 'Approved.'),
    share: 0.15,
    filedDaysAgo: 250,
  },
  {
    consumer: { agencyCode: 'MIN-EDUCATION', subsystemCode: 'student-registration' },
    provider: 'civil-registry',
    endpoints: personOnly,
    purpose: { fa: 'تطبیق هویت دانش‌آموز در ثبت‌نام', en: 'Matching pupils’ identity at registration' },
    legalBasis: { fa: 'قانون اهداف و وظایف وزارت آموزش و پرورش', en: 'Act on the Aims and Duties of the Ministry of Education' },
    outcome: approved('تأیید شد.', 'Approved.'),
    share: 0.15,
    filedDaysAgo: 220,
  },
  {
    consumer: { agencyCode: 'BEHZISTI', subsystemCode: 'welfare-support' },
    provider: 'civil-registry',
    endpoints: null,
    purpose: { fa: 'شناسایی سرپرست قانونی کودکان و افراد تحت حمایت', en: 'Finding the legal guardian of children and persons in care' },
    legalBasis: { fa: 'قانون حمایت از کودکان و نوجوانان بی‌سرپرست و بدسرپرست', en: 'Act on the Protection of Children and Adolescents without Guardians' },
    outcome: approved('تأیید شد؛ داده ولایت با تأیید شورای تبادل داده.', 'Approved; guardianship data approved by the interoperability board.', true),
    share: 0.15,
    filedDaysAgo: 200,
  },
  // Shahkar: banks and the window's sign-up.
  {
    consumer: { agencyCode: 'CBI', subsystemCode: 'bank-kyc' },
    provider: 'mobile-registry',
    endpoints: null,
    purpose: { fa: 'تطبیق شماره همراه با کد ملی برای رمز پویا', en: 'Matching mobile number and national code for one-time passwords' },
    legalBasis: { fa: 'قانون مبارزه با پولشویی، ماده ۷', en: 'Anti-Money Laundering Act, article 7' },
    outcome: approved('تأیید شد.', 'Approved.'),
    share: 0.6,
    filedDaysAgo: 260,
  },
  {
    consumer: { agencyCode: 'ITO', subsystemCode: 'one-window' },
    provider: 'mobile-registry',
    endpoints: null,
    purpose: { fa: 'احراز مالکیت خط هنگام ثبت‌نام در پنجره ملی', en: 'Verifying mobile ownership at sign-up to the national window' },
    legalBasis: smartGovLaw,
    outcome: approved('تأیید شد.', 'Approved.'),
    share: 0.4,
    filedDaysAgo: 240,
  },
  // Companies.
  {
    consumer: { agencyCode: 'INTA', subsystemCode: 'taxpayer-registration' },
    provider: 'business-registry',
    endpoints: null,
    purpose: { fa: 'ثبت‌نام مالیاتی اشخاص حقوقی', en: 'Tax registration of legal entities' },
    legalBasis: { fa: 'قانون مالیات‌های مستقیم', en: 'Direct Taxes Act' },
    outcome: approved('تأیید شد.', 'Approved.'),
    share: 0.6,
    filedDaysAgo: 200,
  },
  {
    consumer: { agencyCode: 'CBI', subsystemCode: 'bank-kyc' },
    provider: 'business-registry',
    endpoints: null,
    purpose: { fa: 'احراز هویت مشتریان حقوقی', en: 'Identifying corporate customers' },
    legalBasis: { fa: 'قانون مبارزه با پولشویی، ماده ۷', en: 'Anti-Money Laundering Act, article 7' },
    outcome: approved('تأیید شد.', 'Approved.'),
    share: 0.4,
    filedDaysAgo: 190,
  },
  {
    consumer: { agencyCode: 'ITO', subsystemCode: 'one-window' },
    provider: 'business-registry',
    endpoints: windowRepresentation,
    purpose: { fa: 'تأیید نمایندگی شخص حقوقی برای اقدام از طرف آن در پنجره ملی', en: 'Confirming that a person represents a legal entity before they act for it in the national window' },
    legalBasis: smartGovLaw,
    outcome: approved('تأیید شد؛ فقط تأیید نمایندگی شخصی که خود وارد پنجره شده است.', 'Approved; only the representation of the person signed in to the window.'),
    filedDaysAgo: 30,
  },
  // A refused and a pending request, so the console has something to show.
  {
    consumer: { agencyCode: 'INTA', subsystemCode: 'taxpayer-registration' },
    provider: 'health-insurance',
    endpoints: null,
    purpose: { fa: 'شناسایی فعالیت اقتصادی پنهان', en: 'Detecting undeclared economic activity' },
    legalBasis: { fa: 'قانون مالیات‌های مستقیم، ماده ۱۶۹ مکرر', en: 'Direct Taxes Act, article 169 bis' },
    outcome: {
      status: 'refused',
      message: { fa: 'رد شد: داده بیمه سلامت برای این هدف ضروری نیست (اصل حداقل داده).', en: 'Refused: health insurance data is not necessary for this purpose (data minimisation).' },
    },
    filedDaysAgo: 45,
  },
  {
    consumer: { agencyCode: 'SANJESH', subsystemCode: 'exam-enrolment' },
    provider: 'literacy-movement',
    endpoints: null,
    purpose: { fa: 'احراز شرط سواد در آزمون‌های استخدامی', en: 'Checking the literacy requirement for recruitment exams' },
    legalBasis: { fa: 'قانون مدیریت خدمات کشوری، ماده ۴۲', en: 'Civil Service Management Act, article 42' },
    outcome: { status: 'pending' },
    filedDaysAgo: 3,
  },
];

/** The demo national code used in printed examples: a mother in the reference population (literate, insured, with an ID card request). */
export const DEMO_NATIONAL_CODE = '1234567210';
