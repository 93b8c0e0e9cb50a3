import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../src/config/load.ts';
import { startReferenceAgencies } from './agencies/start.ts';
import { freePortRange } from './agencies/test-support.ts';
import { demoAgenciesCommand } from './cli.ts';

const quietly = async <T>(fn: () => Promise<T>): Promise<{ value: T; errors: string }> => {
  const error = console.error;
  const log = console.log;
  let errors = '';
  console.error = (...args: unknown[]) => void (errors += `${args.join(' ')}\n`);
  console.log = () => {};
  try {
    return { value: await fn(), errors };
  } finally {
    console.error = error;
    console.log = log;
  }
};

test('demo agencies refuses free ports (the nodes could not find them) and a second run', async () => {
  const refused = await quietly(() => demoAgenciesCommand(loadConfig({ NODE_ENV: 'test', DEMO_AGENCIES_PORT: '0' })));
  assert.equal(refused.value, 1);
  assert.match(refused.errors, /DEMO_AGENCIES_PORT/);

  const port = await freePortRange();
  const running = await startReferenceAgencies({ basePort: port });
  try {
    const second = await quietly(() => demoAgenciesCommand(loadConfig({ NODE_ENV: 'test', DEMO_AGENCIES_PORT: String(port) })));
    assert.equal(second.value, 1);
    assert.match(second.errors, /already run/);
  } finally {
    await running.close();
  }
});

test('demo agencies runs the six on the fixed ports until told to stop', async () => {
  const port = await freePortRange();
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const run = quietly(() => demoAgenciesCommand(loadConfig({ NODE_ENV: 'test', DEMO_AGENCIES_PORT: String(port) }), () => stopped));
  let status = 0;
  for (let i = 0; i < 50 && status !== 200; i++) {
    status = await fetch(`http://127.0.0.1:${port + 5}/openapi.json`).then((r) => r.status, () => 0);
    if (status !== 200) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(status, 200);
  stop();
  assert.equal((await run).value, 0);
  await assert.rejects(fetch(`http://127.0.0.1:${port}/openapi.json`));
});
