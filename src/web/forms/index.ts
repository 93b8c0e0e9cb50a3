/**
 * The staff forms kit every module's console pages use: what a form posts and how it is read
 * (`form-values`), its mistakes as an error summary, the guard of every post (session, CSRF
 * token, origin) and the small pages around a form (refusals); sign-out is in the header of every staff page (`Layout`'s `csrfToken`).
 */
export { FormBody, one, many, asciiDigits, wholeNumber, orNull, kindError, schemaErrors, ruleErrors, type FieldKind, type FieldSpec, type FieldError, type FieldErrors, type SchemaCheck } from './form-values.ts';
export { fieldMessage, summaryItems } from './error-summary.ts';
export { staffOf, isGenuinePost, noStore, type StaffPrincipal } from './guard.ts';
export { csrfField, CsrfInput, MessagePage, ForgedPage } from './staff-page.tsx';
