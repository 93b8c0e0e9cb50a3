/**
 * The literacy movement's portal (a reference relying party): a few server-rendered pages in
 * Persian and English, no script. Text is escaped here; nothing else builds HTML.
 */
export type Lang = 'fa' | 'en';

const text = {
  fa: {
    title: 'درگاه نهضت سوادآموزی',
    intro: 'این برنامهٔ نمونهٔ یک دستگاه است که کاربرانش را از راه پنجرهٔ ملی خدمات دولت هوشمند وارد می‌کند (ورود یکپارچه).',
    signIn: 'ورود با پنجرهٔ ملی',
    signedInAs: 'وارد شده‌اید. آنچه پنجرهٔ ملی به این دستگاه داده است:',
    subject: 'شناسهٔ شما نزد این دستگاه (sub، ویژهٔ همین دستگاه)',
    claims: 'اطلاعات اعطاشده',
    claim: 'ادعا',
    value: 'مقدار',
    signOut: 'خروج',
    other: 'English',
    failed: 'ورود انجام نشد',
    back: 'بازگشت',
    unavailable: 'پنجرهٔ ملی در دسترس نیست؛ کمی بعد دوباره تلاش کنید.',
    actingFor: 'به نمایندگی از',
    kind: { self: 'خودتان', legal_entity: 'شخص حقوقی', ward: 'فرزند تحت ولایت یا قیمومت', mandate: 'وکالت‌دهنده' },
    identifier: 'شناسه',
    role: 'سمت',
    services: 'خدمات وکالت',
    validUntil: 'معتبر تا',
  },
  en: {
    title: 'Literacy Movement portal',
    intro: "A reference agency application that signs its users in through the national smart government window (single sign-on).",
    signIn: 'Sign in with the national window',
    signedInAs: 'You are signed in. What the national window gave this agency:',
    subject: 'Your identifier at this agency (sub, specific to this agency)',
    claims: 'Granted claims',
    claim: 'Claim',
    value: 'Value',
    signOut: 'Sign out',
    other: 'فارسی',
    failed: 'Sign-in did not complete',
    back: 'Back',
    unavailable: 'The national window cannot be reached; try again in a moment.',
    actingFor: 'Acting for',
    kind: { self: 'yourself', legal_entity: 'a legal entity', ward: 'a child in guardianship', mandate: 'a mandate giver' },
    identifier: 'Identifier',
    role: 'Role',
    services: 'Mandated services',
    validUntil: 'Valid until',
  },
} as const;

export const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(lang: Lang, body: string): string {
  const t = text[lang];
  const other = lang === 'fa' ? 'en' : 'fa';
  return `<!doctype html><html lang="${lang}" dir="${lang === 'fa' ? 'rtl' : 'ltr'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(t.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#1b1b1b}a.button,button{display:inline-block;background:#0b5d3b;color:#fff;padding:.6rem 1rem;border:0;border-radius:4px;text-decoration:none;font-size:1rem;cursor:pointer}table{border-collapse:collapse}td,th{border:1px solid #888;padding:.3rem .6rem;text-align:start}code{word-break:break-all}</style></head>
<body><header><p><a href="/?lang=${other}" lang="${other}">${escape(t.other)}</a></p></header><main><h1>${escape(t.title)}</h1>${body}</main></body></html>`;
}

export function homePage(lang: Lang): string {
  const t = text[lang];
  return page(lang, `<p>${escape(t.intro)}</p><p><a class="button" href="/login?lang=${lang}">${escape(t.signIn)}</a></p>`);
}

/** The window's `acting_for` claim (docs/identity.md), as this agency would read it. */
interface ActingForClaim {
  kind: keyof (typeof text)['en']['kind'];
  identifier_type?: string;
  identifier?: string;
  name?: string;
  'name#fa'?: string;
  role?: { code: string; name: string; 'name#fa': string };
  services?: string[];
  valid_until?: string;
}

function actingForSection(lang: Lang, claim: ActingForClaim): string {
  const t = text[lang];
  const rows: [string, string][] = [[t.actingFor, [t.kind[claim.kind] ?? claim.kind, lang === 'fa' ? claim['name#fa'] : claim.name].filter(Boolean).join(' — ')]];
  if (claim.identifier) rows.push([t.identifier, `${claim.identifier} (${claim.identifier_type ?? ''})`]);
  if (claim.role) rows.push([t.role, lang === 'fa' ? claim.role['name#fa'] : claim.role.name]);
  if (claim.services) rows.push([t.services, claim.services.join('، ')]);
  if (claim.valid_until) rows.push([t.validUntil, claim.valid_until]);
  return `<h2>${escape(t.actingFor)}</h2><dl>${rows.map(([k, v]) => `<dt>${escape(k)}</dt><dd>${escape(v)}</dd>`).join('')}</dl>`;
}

export function signedInPage(lang: Lang, subject: string, claims: Record<string, unknown>): string {
  const t = text[lang];
  const actingFor = claims['acting_for'] && typeof claims['acting_for'] === 'object' ? actingForSection(lang, claims['acting_for'] as ActingForClaim) : '';
  const rows = Object.entries(claims)
    .map(([k, v]) => `<tr><td><code>${escape(k)}</code></td><td>${escape(typeof v === 'string' ? v : JSON.stringify(v))}</td></tr>`)
    .join('');
  return page(
    lang,
    `<p>${escape(t.signedInAs)}</p><h2>${escape(t.subject)}</h2><p><code>${escape(subject)}</code></p>${actingFor}
<h2>${escape(t.claims)}</h2><table><thead><tr><th scope="col">${escape(t.claim)}</th><th scope="col">${escape(t.value)}</th></tr></thead><tbody>${rows}</tbody></table>
<form method="post" action="/logout"><p><button type="submit">${escape(t.signOut)}</button></p></form>`,
  );
}

export function problemPage(lang: Lang, detail: string | undefined): string {
  const t = text[lang];
  return page(lang, `<h2>${escape(t.failed)}</h2><p>${escape(detail ?? t.unavailable)}</p><p><a href="/?lang=${lang}">${escape(t.back)}</a></p>`);
}
