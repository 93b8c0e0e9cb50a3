/**
 * Services a demo must not be without: the three most requested services of the seed report,
 * and each well-known agency's best-known service. They come first in their agency's list and
 * are the first to be delivered through the window.
 */
import type { LifeEvent } from '../../src/core/taxonomy.ts';
import type { DomainKey } from './domains.ts';
import type { ActionCode } from './templates.ts';

export interface Signature {
  fa: string;
  en: string;
  act: ActionCode;
  /** Gives the topic; audiences default to citizens. */
  domain: DomainKey;
  aud?: 'c' | 'b' | 'g' | 'cb' | 'cg';
  life?: LifeEvent[];
  /** Annual users stated for the most requested services; others are drawn. */
  users?: number;
}

const sig = (fa: string, en: string, act: ActionCode, domain: DomainKey, more: Partial<Signature> = {}): Signature => ({
  fa, en, act, domain, ...more,
});

export const signatures: Readonly<Record<string, Signature[]>> = {
  LMO: [sig('استعلام سطح سواد', 'Literacy-level inquiry', 'inq', 'literacy', { aud: 'cg', users: 38_600_000 })],
  IHIO: [
    sig('استعلام اعتبار دفترچه بیمه سلامت', 'Health insurance booklet validity inquiry', 'inq', 'healthInsurance', {
      aud: 'cg', life: ['illness'], users: 34_200_000,
    }),
  ],
  NOCR: [
    sig('پیگیری صدور کارت ملی هوشمند', 'Smart national ID card issuance follow-up', 'track', 'civil', { users: 27_500_000 }),
    sig('صدور شناسنامه', 'Birth certificate issuance', 'issue', 'civil', { life: ['birth'] }),
    sig('ثبت واقعه ازدواج', 'Marriage registration', 'reg', 'civil', { life: ['marriage'] }),
  ],
  'MIN-ENERGY': [
    sig('درخواست انشعاب برق', 'Electricity connection request', 'req', 'electricity', { aud: 'cb', life: ['buying_home'] }),
    sig('استعلام قبض آب', 'Water bill inquiry', 'inq', 'water', { aud: 'cb' }),
  ],
  INTA: [sig('ارسال اظهارنامه مالیات بر ارزش افزوده', 'VAT return filing', 'file', 'tax', { aud: 'b' })],
  'MIN-EDUCATION': [sig('ثبت‌نام دانش‌آموز در مدرسه', 'School enrolment', 'enrol', 'school', { life: ['schooling'] })],
  FARAJA: [
    sig('صدور گذرنامه', 'Passport issuance', 'issue', 'passport', { life: ['travelling_abroad'] }),
    sig('استعلام خلافی خودرو', 'Traffic fines inquiry', 'inq', 'driving', { life: ['driving'] }),
  ],
  SSO: [sig('استعلام سوابق بیمه‌ای', 'Insurance record inquiry', 'inq', 'pension', { aud: 'cg', life: ['retirement'] })],
  DEEDS: [sig('ثبت شرکت', 'Company registration', 'reg', 'deeds', { aud: 'b', life: ['starting_business'] })],
  ITO: [sig('درخواست اتصال دستگاه به پنجره ملی خدمات', 'Agency connection to the national window request', 'req', 'egov', { aud: 'g' })],
  CRA: [sig('استعلام سیم‌کارت‌های به نام', 'Mobile lines registered in my name inquiry', 'inq', 'telecom')],
  IPC: [sig('استعلام کد پستی', 'Postal code inquiry', 'inq', 'post', { aud: 'cg' })],
  CBI: [sig('استعلام چک صیادی', 'Sayad cheque inquiry', 'inq', 'banking', { aud: 'cb' })],
  TSO: [sig('استعلام یارانه نقدی', 'Cash subsidy inquiry', 'inq', 'relief')],
  'BONYAD-SHAHID': [sig('صدور کارت ایثارگری', 'Veteran’s card issuance', 'issue', 'veterans')],
  AEOI: [sig('صدور پروانه کار با پرتو', 'Radiation work licence issuance', 'issue', 'nuclear', { aud: 'cb' })],
  'VP-SCIENCE': [sig('درخواست ارزیابی شرکت دانش‌بنیان', 'Knowledge-based company assessment request', 'req', 'knowledgeBased', { aud: 'b' })],
  'MIN-FOREIGN': [sig('درخواست تأیید اسناد', 'Document legalisation request', 'req', 'consular', { aud: 'cb' })],
  SANJESH: [sig('ثبت‌نام کنکور سراسری', 'National university entrance exam enrolment', 'enrol', 'exams', { life: ['schooling'] })],
};
