export { insertAccount, findAccountById, findAccountByIdentifier, type AccountRow, type NewAccount, type PersonDetails, type IdentifierType } from './account-repository.ts';
export { importAccounts, type AccountImportReport, type AccountImportOptions } from './import.ts';
export { accountColumns } from './import-row.ts';
