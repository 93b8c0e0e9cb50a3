import type { NavigationItem } from '../web/site-navigation.ts';
import './messages.ts'; // the labels are the portal's messages

/** What the site offers, in the order the header lists it. */
export const portalNavigation: readonly NavigationItem[] = [
  { href: '/', label: 'nav.home' },
  { href: '/services', label: 'nav.catalog' },
  { href: '/agencies', label: 'nav.agencies' },
  { href: '/dashboard', label: 'nav.dashboard' },
  { href: '/staff', label: 'nav.staff', signedInLabel: 'nav.staffSignedIn' },
  // People's sign-in; a signed-in person asking for it is sent on to their account.
  { href: '/sign-in', label: 'signIn.nav' },
];
