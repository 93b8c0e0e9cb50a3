export { hashPassword, verifyPassword, needsRehash, maxPasswordLength, passwordHashOptions } from './passwords.ts';
