import type { MessageKey } from './i18n/messages.ts';

/** One link of the site's main navigation: where it goes and the message that names it. */
export interface NavigationItem {
  href: string;
  label: MessageKey;
  /** What the link is called while a staff member is signed in, when that differs (sign-in → staff area). */
  signedInLabel?: MessageKey;
  /**
   * While a person is signed in: where this link goes instead and what it is called (sign-in →
   * their account), followed by a sign-out button posting to `signOut` with the session's token.
   */
  citizen?: { href: string; label: MessageKey; signOut: string; signOutLabel: MessageKey };
}

let items: readonly NavigationItem[] = [];

/**
 * The site's main navigation is composed above the modules (by the portal), which knows what
 * the site offers; the layout only draws it. Set once while the app is built.
 */
export function setSiteNavigation(next: readonly NavigationItem[]): void {
  items = next;
}

export const siteNavigation = (): readonly NavigationItem[] => items;
