import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitSqlStatements } from './split-sql.ts';

test('splits on semicolons outside quotes, comments and dollar-quoted bodies', () => {
  const script = `-- a comment; still a comment
create table a (x text default ';');
create function f() returns int as $body$ begin return 1; end $body$ language plpgsql;
/* block; comment */ insert into "we;ird" values ('it''s; fine');
`;
  assert.deepEqual(splitSqlStatements(script), [
    "-- a comment; still a comment\ncreate table a (x text default ';')",
    'create function f() returns int as $body$ begin return 1; end $body$ language plpgsql',
    `/* block; comment */ insert into "we;ird" values ('it''s; fine')`,
  ]);
});
