import { sql } from 'drizzle-orm';
import { rows, type Sql } from '../../db/database.ts';
import type { IdentifierType } from '../accounts/index.ts';

export interface ActorName {
  identifierType: IdentifierType;
  identifier: string;
  nameFa: string;
  nameEn: string;
}

/**
 * The names of the accounts with these identifiers, in one statement on the unique
 * (identifier_type, identifier) index: the people who made calls on a page of "who accessed my
 * data". Only names are read.
 */
export async function selectActorNames(q: Sql, wanted: readonly { identifierType: IdentifierType; identifier: string }[]): Promise<ActorName[]> {
  if (!wanted.length) return [];
  const pairs = sql.join(
    wanted.map((w) => sql`(${w.identifierType}, ${w.identifier})`),
    sql`, `,
  );
  return rows<ActorName>(
    q,
    sql`select identifier_type as "identifierType", identifier, given_name_fa || ' ' || family_name_fa as "nameFa", given_name_en || ' ' || family_name_en as "nameEn"
        from accounts where (identifier_type, identifier) in (${pairs})`,
  );
}
