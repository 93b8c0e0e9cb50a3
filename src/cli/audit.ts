import { readFile, stat } from 'node:fs/promises';
import type { Config } from '../config/schema.ts';
import { verifyExchangeLog, verifyExchangeLogWithCheckpoints, FileCheckpointStore, CheckpointKeyError, readPublicKeys, type PublicJwk } from '../exchange/log/index.ts';
import { describeAnchoring, describeChain } from './audit-report.ts';
import { withDatabase } from './with-database.ts';
import type { CommandArgs } from './command.ts';

const USE = 'audit: use verify [--node N] [--checkpoints DIR] [--public-key FILE]';

/**
 * `onewindow audit verify [--node N] [--checkpoints DIR] [--public-key FILE]`: exit code 0 when
 * every chain verifies, 1 otherwise. With a checkpoint folder (`--checkpoints`, default
 * `EXCHANGE_LOG_CHECKPOINT_DIR`) each chain is also held against the checkpoints its node signed;
 * `--public-key` pins the keys trusted for them instead of those published in the folder.
 */
export async function auditCommand(args: CommandArgs, config: Config): Promise<number> {
  const [action] = args.positionals;
  if (action !== 'verify') throw new TypeError(USE);
  const node = typeof args.values.node === 'string' ? args.values.node : undefined;
  const dir = typeof args.values.checkpoints === 'string' ? args.values.checkpoints : config.EXCHANGE_LOG_CHECKPOINT_DIR;
  const keyFile = typeof args.values['public-key'] === 'string' ? args.values['public-key'] : undefined;
  if (dir !== undefined && !(await stat(dir).catch(() => null))?.isDirectory()) throw new TypeError(`audit: the checkpoint folder ${dir} does not exist`);
  if (keyFile !== undefined && dir === undefined) throw new TypeError(`audit: --public-key needs a checkpoint folder (--checkpoints DIR)\n${USE}`);
  const publicKeys = keyFile === undefined ? undefined : await trustedKeys(keyFile);

  return withDatabase(config, async (db) => {
    console.log(`Verifying the exchange log's hash chains${node ? ` (node ${node})` : ''}${dir ? ` against the checkpoints in ${dir}` : ''}…`);
    let failed: number;
    let total: number;
    if (dir === undefined) {
      const report = await verifyExchangeLog(db, { ...(node ? { node } : {}), onNode: (n) => console.log(describeChain(n)) });
      failed = report.nodes.filter((n) => n.problem).length;
      total = report.nodes.length;
      if (total) console.log('No checkpoint folder (--checkpoints DIR or EXCHANGE_LOG_CHECKPOINT_DIR): the ends of the chains are not anchored, so a removed end goes unnoticed.');
    } else {
      const store = new FileCheckpointStore(dir);
      const report = await verifyExchangeLogWithCheckpoints(db, store, {
        ...(node ? { node } : {}),
        ...(publicKeys ? { publicKeys } : {}),
        onNode: (n) => console.log(`${describeChain(n, n.anchoring.problems.length > 0)}\n${describeAnchoring(n)}`),
      });
      failed = report.nodes.filter((n) => n.problem || n.anchoring.problems.length).length;
      total = report.nodes.length;
    }
    if (!total) console.log('No exchange-log chains to verify.');
    else if (failed) console.log(`${failed} of ${total} chain(s) FAILED verification.`);
    else console.log(`All ${total} chain(s) verify.`);
    return failed ? 1 : 0;
  });
}

/** The keys `--public-key FILE` pins; a file that holds none, or something else, is refused. */
async function trustedKeys(file: string): Promise<PublicJwk[]> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new TypeError(`audit: cannot read the public key file ${file}`);
  });
  const keys = await readPublicKeys(text, file).catch((e: unknown) => {
    throw new TypeError(`audit: ${e instanceof CheckpointKeyError ? e.message : `${file} holds no usable public key`}`);
  });
  if (!keys.length) throw new TypeError(`audit: ${file} holds no public key`);
  return keys;
}
