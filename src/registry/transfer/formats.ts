/** What a bulk import or export holds, and the file formats it reads and writes. */
export type Entity = 'agencies' | 'services';
export type FileFormat = 'csv' | 'json';
