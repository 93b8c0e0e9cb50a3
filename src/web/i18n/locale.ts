import type { FastifyReply, FastifyRequest } from 'fastify';

export const locales = ['fa', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'fa';
export const localeCookie = 'ow_lang';

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (locales as readonly string[]).includes(value);
export const directionOf = (locale: Locale): 'rtl' | 'ltr' => (locale === 'fa' ? 'rtl' : 'ltr');

/**
 * The page language: `?lang=` when it names a language we have (and then remembered in a
 * cookie so the choice survives navigation), else the cookie, else Persian. Unknown codes
 * are ignored rather than refused.
 */
export function resolveLocale(request: FastifyRequest, reply: FastifyReply): Locale {
  const asked = (request.query as Record<string, unknown> | undefined)?.lang;
  if (isLocale(asked)) {
    reply.setCookie(localeCookie, asked, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 86_400, secure: request.protocol === 'https' });
    return asked;
  }
  const remembered = request.cookies?.[localeCookie];
  return isLocale(remembered) ? remembered : defaultLocale;
}
