import type { FastifyReply, FastifyRequest } from 'fastify';
import { resolveLocale } from './i18n/locale.ts';
import { createI18n, type I18n } from './i18n/translate.ts';

/** What every page handler starts from. */
export interface PageContext {
  i18n: I18n;
  /** Path and query of this request, for links that keep the reader's place. */
  url: string;
  demo: boolean;
  staffName: string | null;
}

export type DemoFlag = () => Promise<boolean>;

/** What the page kit needs of a signed-in browser session; identity's session authenticator sets it. */
export interface PageSession {
  id: string;
  /** The synchronizer token staff forms must post back. */
  csrfToken: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The staff page session this request was authenticated by, for CSRF checks and sign-out. */
    staffSession?: PageSession | null;
    /** The portal session of a signed-in person (citizen pages and the OpenID Connect provider). */
    citizenSession?: PageSession | null;
    /** Display name of the signed-in staff member on web pages (set by the staff session authenticator). */
    staffName?: string | null;
  }
}

export async function pageContext(request: FastifyRequest, reply: FastifyReply, isDemo: DemoFlag): Promise<PageContext> {
  const i18n = createI18n(resolveLocale(request, reply));
  return { i18n, url: request.url, demo: await isDemo(), staffName: request.staffName ?? null };
}
