/** Registration of people: registry checks through the exchange, a one-time code, then the account. */
export { startRegistration, resendRegistrationCode, completeRegistration, RegistrationInputError, registrationLifetimeSeconds, maxRegistrationsPerHour, type RegistrationInput, type RegistrationField, type RegistrationDeps, type StartedRegistration, type Completed } from './registrations.ts';
export { parseIdentifier, parseMobile, parseBirthDate, masked, nationalMobile, MAX_FIELD_LENGTH, FOREIGN_ID_PATTERN, type Calendar } from './rules.ts';
export { isoToSolarHijri, solarHijriToIso, gregorianToIso } from './solar-hijri.ts';
