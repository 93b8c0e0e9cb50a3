import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main, usageText, type CliExtension } from './main.ts';

test('the product CLI alone has no demo: no demo command, no --demo-if-empty', async () => {
  assert.doesNotMatch(usageText(), /demo/);
  await assert.rejects(main(['serve', '--demo-if-empty']), (e: Error) => e instanceof TypeError && /demo-if-empty/.test(e.message));
});

test('an extension adds a command with its options, its usage lines and its setting overrides', async () => {
  const seen: { force?: unknown; demoData?: string }[] = [];
  const extension: CliExtension = {
    commands: {
      example: async (args, config) => {
        seen.push({ force: args.values.force, demoData: config.DEMO_DATA });
        return 3;
      },
    },
    usage: ['  example [--force]                    an example'],
    options: { force: { type: 'boolean' }, 'demo-if-empty': { type: 'boolean' } },
    overrides: (_command, values) => (values['demo-if-empty'] ? { DEMO_DATA: 'if-empty' } : {}),
  };
  assert.match(usageText([extension]), /\n {2}example \[--force\] +an example\n/);
  assert.equal(await main(['example', '--force', '--demo-if-empty'], [extension]), 3);
  assert.deepEqual(seen, [{ force: true, demoData: 'if-empty' }]);
});
