export { hashPassword, verifyPassword, needsRehash, maxPasswordLength, passwordHashOptions } from './passwords.ts';
export { passwordProblem, minPasswordLength, normalizePassword, type PasswordProblem } from './password-policy.ts';
