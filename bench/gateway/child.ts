// What every benchmark child process (upstream, proxies, OneWindow, load generator) shares:
// it tells the parent over IPC where it listens, and stops cleanly when asked.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReadyMessage {
  type: 'ready';
  port: number;
  pid: number;
}

/** Sends `ready` with the server's port, then closes on `stop`, SIGTERM or the parent going away. */
export function announce(server: Server, onStop: () => Promise<void> = async () => undefined): void {
  const port = (server.address() as AddressInfo).port;
  process.send?.({ type: 'ready', port, pid: process.pid } satisfies ReadyMessage);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections?.();
    server.close();
    try {
      await onStop();
    } finally {
      process.exit(0);
    }
  };
  process.on('message', (m) => {
    if (m === 'stop') void stop();
  });
  process.on('SIGTERM', () => void stop());
  // Ctrl-C reaches the whole process group: close cleanly (the scratch database is dropped).
  process.on('SIGINT', () => void stop());
  process.on('disconnect', () => void stop());
}

/** The port argument (`--port=N`) or 0 for any free one. */
export function argument(name: string, fallback = ''): string {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length) ?? fallback;
}
