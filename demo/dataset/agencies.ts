import type { AgencyRow } from './agency-row.ts';
import { ministries } from './agencies-ministries.ts';
import { institutions } from './agencies-institutions.ts';
import { organisations, otherBodies, outOfScope } from './agencies-organisations.ts';

/** Every agency of the demo, in a fixed order: the order numbers agencies' service codes. */
export const agencyRows: readonly AgencyRow[] = [...ministries, ...institutions, ...organisations, ...otherBodies, ...outOfScope];
