/** Who accessed my data: the exchange-log records whose data subject is a person. */
export { listAccesses, accessesAbout, accessOutcome, mayReadAccessesOf, normaliseNationalCode, type AccessOutcome, type AccessPage, type AccessQuery, type DataSubjectAccess } from './accesses.ts';
export { dataSubjectRoutes, nationalCodePseudonym, accessFields } from './access-routes.ts';
