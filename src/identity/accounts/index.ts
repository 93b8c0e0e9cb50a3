export { insertAccount, findAccountById, findAccountByIdentifier, type AccountRow, type NewAccount, type IdentifierType } from './account-repository.ts';
