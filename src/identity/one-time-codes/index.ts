export { sendCode, codesSentLastHour, checkCode, codeRefusal, codeLifetimeSeconds, maxCodeAttempts, maxCodesPerHour, type SentCode, type CodeText } from './codes.ts';
export type { CodePurpose, CodeOwner } from './code-repository.ts';
