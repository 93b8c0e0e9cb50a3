import type { Config } from '../config/schema.ts';
import { staffRoles, type StaffRole } from '../core/access.ts';
import { allStaff, createStaff, issueToken, linkStaffToPerson } from '../identity/index.ts';
import { withDatabase } from './with-database.ts';
import type { CommandArgs } from './command.ts';

export async function staffCommand(args: CommandArgs, config: Config): Promise<number> {
  const [action] = args.positionals;
  const v = args.values;
  return withDatabase(config, async (db) => {
    if (action === 'create') {
      if (typeof v.name !== 'string' || !staffRoles.includes(v.role as StaffRole)) throw new TypeError(`Give --name and --role (${staffRoles.join(', ')})`);
      const staff = await createStaff(db, { name: v.name, role: v.role as StaffRole, agencyCode: typeof v.agency === 'string' ? v.agency : null });
      console.log(`Created ${staff.role} ${staff.name}: id ${staff.id}\nIssue a token with: onewindow staff token --id ${staff.id}`);
      return 0;
    }
    if (action === 'token') {
      if (typeof v.id !== 'string') throw new TypeError('Give --id of the staff account');
      const days = typeof v['expires-days'] === 'string' ? Number(v['expires-days']) : undefined;
      if (days !== undefined && !(Number.isInteger(days) && days > 0)) throw new TypeError('--expires-days must be a positive whole number');
      const expiresAt = days ? new Date(Date.now() + days * 86_400_000) : null;
      const { token } = await issueToken(db, v.id, { label: typeof v.label === 'string' ? v.label : '', expiresAt });
      console.log(`${token}\n\nThis token is shown once; only its hash is stored. Send it as: Authorization: Bearer <token>`);
      return 0;
    }
    if (action === 'list') {
      for (const s of await allStaff(db)) console.log(`${s.id}  ${s.role.padEnd(12)}  ${(s.agencyCode ?? '-').padEnd(20)}  ${s.name}${s.disabledAt ? ' (disabled)' : ''}`);
      return 0;
    }
    if (action === 'link') {
      if (typeof v.id !== 'string') throw new TypeError('Give --id of the staff account');
      const person =
        typeof v['national-code'] === 'string'
          ? { identifierType: 'national_code' as const, identifier: v['national-code'] }
          : typeof v['foreign-id'] === 'string'
            ? { identifierType: 'foreign_national' as const, identifier: v['foreign-id'] }
            : null;
      if (!person && v.unlink !== true) throw new TypeError('Give --national-code or --foreign-id of the registered person, or --unlink');
      await linkStaffToPerson(db, v.id, person);
      console.log(person ? `Linked: the person signs in to the staff area with their account and a second factor.` : 'Unlinked: only API tokens sign this staff member in now.');
      return 0;
    }
    throw new TypeError('staff: use create, token, list or link');
  });
}
