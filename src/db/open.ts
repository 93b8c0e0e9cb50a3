import { join } from 'node:path';
import type { Config } from '../config/schema.ts';
import type { Database } from './database.ts';
import { openEmbedded } from './embedded.ts';
import { openPostgres, type PostgresTimeouts } from './postgres.ts';
import { DataDirInUseError, lockDataDir, lockFileName, type LockHolder } from './data-dir-lock.ts';
import { shareEmbedded } from './embedded-socket.ts';

export interface OpenOptions {
  /** The `onewindow` command opening it, named in the embedded data directory's lock. */
  command?: string;
  /**
   * When another live process owns the embedded data directory: use the engine it shares on
   * its local socket (the CLI's commands while the server runs). Without it, refuse at once
   * (a second server on the same directory).
   */
  joinRunning?: boolean;
}

type PoolTimeoutSetting = 'DATABASE_CONNECT_TIMEOUT_MS' | 'DATABASE_STATEMENT_TIMEOUT_MS' | 'DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS' | 'DATABASE_IDLE_TIMEOUT_MS';

/** The pool's timeouts, from the settings. */
function poolTimeouts(config: Pick<Config, PoolTimeoutSetting>): PostgresTimeouts {
  return {
    connectMs: config.DATABASE_CONNECT_TIMEOUT_MS,
    statementMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    idleInTransactionMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    idleMs: config.DATABASE_IDLE_TIMEOUT_MS,
  };
}

/**
 * PostgreSQL when `DATABASE_URL` is set; else the embedded engine in `DATA_DIR`, which one
 * process owns at a time (data-dir-lock.ts) and shares with local processes (embedded-socket.ts).
 */
export async function openDatabase(config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR' | 'DATABASE_POOL_SIZE' | PoolTimeoutSetting>, options: OpenOptions = {}): Promise<Database> {
  if (config.DATABASE_URL) return openPostgres(config.DATABASE_URL, config.DATABASE_POOL_SIZE, poolTimeouts(config));
  const claim = lockDataDir(config.DATA_DIR, options.command ?? 'serve');
  if ('heldBy' in claim) return joinOwner(config.DATA_DIR, claim.heldBy, options.joinRunning ?? false);
  const { lock } = claim;
  try {
    const engine = await openEmbedded({ dataDir: config.DATA_DIR });
    const shared = await shareEmbedded(engine, lock.holder.socketDir).catch(async (e: unknown) => {
      await engine.close();
      throw e;
    });
    const { client: _client, hold: _hold, ...db } = engine;
    return {
      ...db,
      close: async () => {
        try {
          await shared.close();
          await engine.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (e) {
    lock.release();
    throw e;
  }
}

/** The engine of the process that owns the data directory, through its socket; or a clear refusal. */
async function joinOwner(dataDir: string, holder: LockHolder, joinRunning: boolean): Promise<Database> {
  const who = holder.command === 'serve' ? `The server (pid ${holder.pid})` : `Another onewindow command (pid ${holder.pid})`;
  if (!joinRunning) {
    throw new DataDirInUseError(`${who} is already using the data directory ${dataDir}. Stop it first, or give this server another DATA_DIR (or a DATABASE_URL).`);
  }
  // One session behind the socket: more connections would only queue there.
  const db = await openPostgres(`postgres://postgres@${encodeURIComponent(holder.socketDir)}/postgres`, 2);
  try {
    await db.ping();
    return db;
  } catch {
    await db.close().catch(() => {});
    throw new DataDirInUseError(
      `${who} is using the data directory ${dataDir} but does not answer on its socket in ${holder.socketDir}: ` +
        `stop it (or wait until it has started) and try again. If no OneWindow process runs as pid ${holder.pid}, remove ${join(dataDir, lockFileName)}.`,
    );
  }
}
