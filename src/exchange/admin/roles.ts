import type { StaffRole } from '../../core/access.ts';

/** Route-level access of the exchange's management API; finer agency checks are in the services. */
export const staff: readonly StaffRole[] = ['operator', 'agency_admin', 'auditor'];
export const managers: readonly StaffRole[] = ['operator', 'agency_admin'];
export const operatorOnly: readonly StaffRole[] = ['operator'];
export const bearer = [{ bearer: [] }];
export const tags = ['exchange'];
