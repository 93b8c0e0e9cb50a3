/**
 * Web and mail hosts of the demo. They sit under `.example`, the top-level domain RFC 2606 and
 * RFC 6761 reserve for examples, so no demo address can reach (or be mistaken for) a real
 * agency's site such as one under `.gov.ir`.
 */

/** An agency's web site and mailbox: `{slug}.example`. */
export const agencyHost = (slug: string): string => `${slug}.example`;

/** The national window itself, where delivered services start. */
export const portalHost = 'my.onewindow.example';

/** A host the demo may use: a name under the reserved `.example` top-level domain. */
export const reservedDemoHost = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+example$/;
