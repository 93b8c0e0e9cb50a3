/** Registration of people: registry checks through the exchange, a one-time code, then the account. */
export { startRegistration, resendRegistrationCode, completeRegistration, RegistrationInputError, registrationLifetimeSeconds, maxRegistrationsPerHour, type RegistrationInput, type RegistrationField, type RegistrationDeps, type StartedRegistration, type Completed } from './registrations.ts';
