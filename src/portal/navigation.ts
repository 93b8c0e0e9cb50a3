import type { NavigationItem } from '../web/site-navigation.ts';
import './messages.ts'; // the labels are the portal's messages

/** What the site offers, in the order the header lists it. */
export const portalNavigation: readonly NavigationItem[] = [
  { href: '/', label: 'nav.home' },
  { href: '/services', label: 'nav.catalog' },
  { href: '/agencies', label: 'nav.agencies' },
  { href: '/dashboard', label: 'nav.dashboard' },
  { href: '/staff', label: 'nav.staff', signedInLabel: 'nav.staffSignedIn' },
  // People's sign-in; once signed in, their account and a sign-out button (identity's POST /sign-out).
  { href: '/sign-in', label: 'signIn.nav', citizen: { href: '/account', label: 'nav.myAccount', signOut: '/sign-out', signOutLabel: 'nav.signOut' } },
];
