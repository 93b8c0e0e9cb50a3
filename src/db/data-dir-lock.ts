import { chmodSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { socketFileName } from './embedded-socket.ts';

/**
 * One process at a time owns an embedded data directory: two engines writing the same files
 * lose data (ADR 0012). The owner holds `onewindow.lock` in the directory: its pid, the command
 * it runs and the folder of the socket it shares the engine on. The file is created whole and
 * atomically (written aside, then hard-linked into place, which fails if one exists); a lock
 * whose process is gone (a crash, `kill -9`) is taken over.
 */

export const lockFileName = 'onewindow.lock';

export interface LockHolder {
  pid: number;
  /** The `onewindow` command the owner runs (`serve`, `staff`, ...). */
  command: string;
  /** The folder holding the owner's socket (`.s.PGSQL.5432`), reachable by this user only. */
  socketDir: string;
}

export interface DataDirLock {
  readonly holder: LockHolder;
  /** Removes the lock (if it is still ours) and the socket folder. */
  release(): void;
}

/** The data directory is owned by another live process. */
export class DataDirInUseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirInUseError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    if (typeof holder.pid !== 'number' || typeof holder.socketDir !== 'string') throw new Error('not a lock of this version');
    return { pid: holder.pid, command: String(holder.command), socketDir: holder.socketDir };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DataDirInUseError(`${path} cannot be read (${(e as Error).message}); if no OneWindow process uses the data directory, remove the file.`);
  }
}

/**
 * A socket path must fit in about 100 bytes: inside the data directory when it does, else in a
 * fresh private folder under the system's temporary directory.
 */
function socketFolderFor(dataDir: string): { dir: string; temporary: boolean } {
  const inside = join(resolve(dataDir), '.socket');
  if (Buffer.byteLength(join(inside, socketFileName)) <= 100) return { dir: inside, temporary: false };
  return { dir: mkdtempSync(join(tmpdir(), 'onewindow-')), temporary: true };
}

/**
 * Takes the lock of `dataDir`, or returns the live process that holds it. The owner's socket
 * folder is created (0700) before this returns.
 */
export function lockDataDir(dataDir: string, command: string): { lock: DataDirLock } | { heldBy: LockHolder } {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, lockFileName);
  const folder = socketFolderFor(dataDir);
  const holder: LockHolder = { pid: process.pid, command, socketDir: folder.dir };
  const aside = `${path}.${process.pid}.tmp`;
  writeFileSync(aside, `${JSON.stringify(holder)}\n`, { mode: 0o644 });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(aside, path);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw e;
      }
      const current = readHolder(path);
      if (current && isAlive(current.pid)) {
        if (folder.temporary) rmSync(folder.dir, { recursive: true, force: true });
        return { heldBy: current };
      }
      // Left by a process that is gone: take it over.
      rmSync(path, { force: true });
    }
  } finally {
    rmSync(aside, { force: true });
  }
  mkdirSync(folder.dir, { recursive: true, mode: 0o700 });
  chmodSync(folder.dir, 0o700);
  const release = () => {
    process.off('exit', release);
    try {
      if (readHolder(path)?.pid === process.pid) unlinkSync(path);
    } catch {
      // Not ours any more, or unreadable: leave it.
    }
    rmSync(folder.dir, { recursive: true, force: true });
  };
  // A process that exits without closing its database (an uncaught error) leaves no lock behind.
  process.on('exit', release);
  return { lock: { holder, release } };
}
