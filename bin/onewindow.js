#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so the package needs no build step (ADR 0002): the
// product's commands (src/cli/main.ts) with the demo's extension (demo/cli.ts: the `demo`
// command and `serve --demo-if-empty`).
import { register } from 'tsx/esm/api';
register();
const { runCli } = await import('../src/cli/main.ts');
const { demoCli } = await import('../demo/cli.ts');
await runCli(process.argv.slice(2), [demoCli]);
