import { type DeliveryStatus, type MaturityLevel } from './maturity.ts';

/**
 * What a service page asks a person to do — one clear call to action, or none:
 *
 * - `start` — a "Start now" button to the service's start address: delivered through the window
 *   and applied for online (L2–L4).
 * - `apply-online` — one link to apply on the agency's own site: an online application (L2–L4)
 *   that is not (yet) delivered through the window.
 * - `read-online` — one link to the agency's page on how to apply: an informational service (L1)
 *   with an address; the application itself is made in person.
 * - `in-person` — no link: nothing can be done online (L0 listed, or L1 without an address), so
 *   the page says to apply at the agency and gives its contact details.
 * - `contact-agency` — no link: the service is online but the registry holds no address to start
 *   it at, so the page says to apply with the agency rather than offering a button to nowhere.
 * - `proactive` — no link: an L5 service is provided without an application (after a moment in
 *   life, on a date, on the agency's initiative); a "Start now" would contradict the page.
 *
 * The delivery status never makes an L0/L1 service startable: such a "delivered" entry breaks
 * the registry's rule (delivered ⇒ at least L2, `maturityConsistent`) and is treated by its level.
 */
export type CallToAction = 'start' | 'apply-online' | 'read-online' | 'in-person' | 'contact-agency' | 'proactive';

export function callToAction(level: MaturityLevel, status: DeliveryStatus, hasStartAddress: boolean): CallToAction {
  if (level === 5) return 'proactive';
  if (level === 0) return 'in-person';
  if (level === 1) return hasStartAddress ? 'read-online' : 'in-person';
  if (!hasStartAddress) return 'contact-agency';
  return status === 'delivered' ? 'start' : 'apply-online';
}

