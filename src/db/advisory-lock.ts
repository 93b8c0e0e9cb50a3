import pg from 'pg';

/**
 * A PostgreSQL session-level advisory lock, held on a connection of its own for as long as the
 * process wants it: the server releases it when that session ends, so a crashed or killed
 * holder (`kill -9`) never leaves it behind. Two processes asking for the same key: the second
 * is refused at once (`pg_try_advisory_lock`), never made to wait.
 *
 * The key is a text, hashed by the server to the lock's 64-bit number (`hashtextextended`).
 * If the lock's connection breaks (a database restart), the lock is gone with it: `held()`
 * turns false, and the connection is reopened and the lock taken again every `retryMs` —
 * `held()` stays false while another process holds it.
 */
export interface AdvisoryLock {
  /** True while this process's session holds the lock. */
  held(): boolean;
  /** Ends the session, which releases the lock. */
  release(): Promise<void>;
}

export interface AdvisoryLockOptions {
  /** Milliseconds between attempts to take a lost lock back (default 2000). */
  retryMs?: number;
  /** A lost lock, a failed attempt to take it back. */
  onError?: (e: unknown) => void;
}

/** Takes the lock, or resolves to null when another session holds it; rejects when PostgreSQL cannot be reached. */
export async function tryAdvisoryLock(url: string, key: string, options: AdvisoryLockOptions = {}): Promise<AdvisoryLock | null> {
  const retryMs = options.retryMs ?? 2000;
  const onError = options.onError ?? ((e: unknown) => console.error(e));
  let client: pg.Client | null = null;
  let held = false;
  let released = false;
  let timer: NodeJS.Timeout | null = null;

  /** Opens a session and asks for the lock; the session is kept only when it got it. */
  const attempt = async (): Promise<boolean> => {
    const c = new pg.Client({ connectionString: url, keepAlive: true, application_name: 'onewindow lock' });
    c.on('error', () => {});
    await c.connect();
    try {
      const r = await c.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as ok', [key]);
      if (r.rows[0]?.ok !== true) {
        await c.end();
        return false;
      }
    } catch (e) {
      await c.end().catch(() => {});
      throw e;
    }
    if (released) {
      await c.end().catch(() => {});
      return false;
    }
    client = c;
    held = true;
    const lost = () => {
      if (client !== c) return;
      client = null;
      held = false;
      if (released) return;
      onError(new Error(`the connection holding the advisory lock "${key}" closed; taking it back`));
      retry();
    };
    c.on('error', lost);
    c.on('end', lost);
    return true;
  };

  const retry = () => {
    timer = setTimeout(() => {
      timer = null;
      if (released) return;
      attempt().then(
        (ok) => {
          if (!ok && !released) {
            onError(new Error(`the advisory lock "${key}" is held by another session`));
            retry();
          }
        },
        (e: unknown) => {
          onError(e);
          retry();
        },
      );
    }, retryMs);
    timer.unref();
  };

  if (!(await attempt())) return null;
  return {
    held: () => held,
    async release() {
      released = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      held = false;
      await c?.end().catch(() => {});
    },
  };
}
