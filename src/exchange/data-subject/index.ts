/** Who accessed my data: the exchange-log records whose data subject is a person. */
export { listAccesses, accessOutcome, mayReadAccessesOf, normaliseNationalCode, type AccessOutcome, type AccessPage, type AccessQuery, type DataSubjectAccess } from './service.ts';
export { dataSubjectRoutes, nationalCodePseudonym } from './routes.ts';
