import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../../../config/schema.ts';
import type { ChainHead } from '../chain.ts';
import { startCheckpointer, type RunningCheckpointer } from './checkpointer.ts';
import { FileCheckpointStore } from './file-store.ts';
import { CheckpointKeyError, generateSigningKeyPem, signingKeyFromPem, type SigningKey } from './key.ts';

type Settings = Pick<Config, 'NODE_ENV' | 'EXCHANGE_LOG_CHECKPOINT_DIR' | 'EXCHANGE_LOG_CHECKPOINT_KEY_FILE' | 'EXCHANGE_LOG_CHECKPOINT_INTERVAL_MS'>;

export interface CheckpointLogger {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * The node's checkpointer as `serve` runs it, or null when `EXCHANGE_LOG_CHECKPOINT_DIR` is not
 * set. Throws (so the node does not start) when the key cannot be had: a configured file that
 * is missing or not Ed25519, or no key in production.
 */
export async function startCheckpointsFromConfig(o: { config: Settings; node: string; head: () => ChainHead | null; logger: CheckpointLogger }): Promise<RunningCheckpointer | null> {
  const { config, logger } = o;
  const dir = config.EXCHANGE_LOG_CHECKPOINT_DIR;
  if (dir === undefined) {
    if (config.NODE_ENV === 'production') logger.warn({}, 'exchange-log checkpoints are off (EXCHANGE_LOG_CHECKPOINT_DIR unset): audit verify cannot tell when the end of a chain is cut off');
    return null;
  }
  const key = await nodeKey(config, dir, o.node, logger);
  return startCheckpointer({
    chain: o.node,
    store: new FileCheckpointStore(dir),
    key,
    head: o.head,
    intervalMs: config.EXCHANGE_LOG_CHECKPOINT_INTERVAL_MS,
    onError: (err) => logger.error({ err }, 'exchange-log checkpoint failed'),
  });
}

async function nodeKey(config: Settings, dir: string, node: string, logger: CheckpointLogger): Promise<SigningKey> {
  const file = config.EXCHANGE_LOG_CHECKPOINT_KEY_FILE;
  if (file !== undefined) {
    const pem = await readFile(file).catch((e: unknown) => {
      throw new CheckpointKeyError(`EXCHANGE_LOG_CHECKPOINT_KEY_FILE: cannot read ${file}`, { cause: e });
    });
    return signingKeyFromPem(pem, `EXCHANGE_LOG_CHECKPOINT_KEY_FILE (${file})`);
  }
  if (config.NODE_ENV === 'production') throw new CheckpointKeyError('EXCHANGE_LOG_CHECKPOINT_KEY_FILE: checkpoints need a configured signing key in production');
  const generated = join(dir, `${node}.key.pem`);
  await mkdir(dir, { recursive: true });
  try {
    await writeFile(generated, generateSigningKeyPem(), { flag: 'wx', mode: 0o600 });
    logger.warn({ file: generated }, 'exchange-log checkpoints: generated a development signing key beside the checkpoints; in production configure EXCHANGE_LOG_CHECKPOINT_KEY_FILE with a key kept elsewhere');
  } catch (e) {
    // Generated on an earlier start (or by a racing process): use that one.
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return signingKeyFromPem(await readFile(generated), generated);
}
