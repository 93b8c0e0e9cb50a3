/**
 * Bilingual name lists for synthetic people and companies. Every entry pairs the Persian form
 * a citizen reads with a conventional English transliteration, so both UIs show a real name.
 */

export interface Bilingual {
  fa: string;
  en: string;
}

/** A coded value with its bilingual label, e.g. a status; the code is for machines. */
export interface Label extends Bilingual {
  code: string;
}

export const maleFirstNames: readonly Bilingual[] = [
  { fa: 'علی', en: 'Ali' }, { fa: 'محمد', en: 'Mohammad' }, { fa: 'حسین', en: 'Hossein' },
  { fa: 'رضا', en: 'Reza' }, { fa: 'مهدی', en: 'Mahdi' }, { fa: 'امیر', en: 'Amir' },
  { fa: 'حمید', en: 'Hamid' }, { fa: 'سعید', en: 'Saeed' }, { fa: 'مجید', en: 'Majid' },
  { fa: 'بهرام', en: 'Bahram' }, { fa: 'کاوه', en: 'Kaveh' }, { fa: 'آرش', en: 'Arash' },
  { fa: 'فرهاد', en: 'Farhad' }, { fa: 'پویا', en: 'Pouya' }, { fa: 'یوسف', en: 'Yousef' },
  { fa: 'کوروش', en: 'Kourosh' },
];

export const femaleFirstNames: readonly Bilingual[] = [
  { fa: 'فاطمه', en: 'Fatemeh' }, { fa: 'زهرا', en: 'Zahra' }, { fa: 'مریم', en: 'Maryam' },
  { fa: 'سارا', en: 'Sara' }, { fa: 'نرگس', en: 'Narges' }, { fa: 'لیلا', en: 'Leila' },
  { fa: 'شیرین', en: 'Shirin' }, { fa: 'مینا', en: 'Mina' }, { fa: 'الهام', en: 'Elham' },
  { fa: 'پریسا', en: 'Parisa' }, { fa: 'نازنین', en: 'Nazanin' }, { fa: 'آزاده', en: 'Azadeh' },
  { fa: 'ستاره', en: 'Setareh' }, { fa: 'یاسمن', en: 'Yasaman' }, { fa: 'رویا', en: 'Roya' },
  { fa: 'کیمیا', en: 'Kimia' },
];

export const lastNames: readonly Bilingual[] = [
  { fa: 'محمدی', en: 'Mohammadi' }, { fa: 'حسینی', en: 'Hosseini' }, { fa: 'احمدی', en: 'Ahmadi' },
  { fa: 'رضایی', en: 'Rezaei' }, { fa: 'کریمی', en: 'Karimi' }, { fa: 'موسوی', en: 'Mousavi' },
  { fa: 'جعفری', en: 'Jafari' }, { fa: 'صادقی', en: 'Sadeghi' }, { fa: 'رحیمی', en: 'Rahimi' },
  { fa: 'تهرانی', en: 'Tehrani' }, { fa: 'شیرازی', en: 'Shirazi' }, { fa: 'اصفهانی', en: 'Esfahani' },
  { fa: 'کاظمی', en: 'Kazemi' }, { fa: 'نوری', en: 'Nouri' }, { fa: 'قاسمی', en: 'Ghasemi' },
  { fa: 'فرهادی', en: 'Farhadi' },
];

/** First word of a synthetic company name. */
export const companyStems: readonly Bilingual[] = [
  { fa: 'آریا', en: 'Arya' }, { fa: 'پارس', en: 'Pars' }, { fa: 'البرز', en: 'Alborz' },
  { fa: 'سپهر', en: 'Sepehr' }, { fa: 'نگین', en: 'Negin' }, { fa: 'کوثر', en: 'Kowsar' },
  { fa: 'دماوند', en: 'Damavand' }, { fa: 'زاگرس', en: 'Zagros' }, { fa: 'خزر', en: 'Khazar' },
  { fa: 'مهر', en: 'Mehr' }, { fa: 'ستاره', en: 'Setareh' }, { fa: 'ایده', en: 'Ideh' },
];

/** What the company does, as it appears in its registered name. */
export const companyTrades: readonly Bilingual[] = [
  { fa: 'فناوری اطلاعات', en: 'Information Technology' }, { fa: 'بازرگانی', en: 'Trading' },
  { fa: 'صنایع غذایی', en: 'Food Industries' }, { fa: 'ساختمانی', en: 'Construction' },
  { fa: 'حمل و نقل', en: 'Transport' }, { fa: 'داروسازی', en: 'Pharmaceuticals' },
  { fa: 'نساجی', en: 'Textiles' }, { fa: 'انرژی', en: 'Energy' },
];
