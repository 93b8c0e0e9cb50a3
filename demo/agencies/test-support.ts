/**
 * Shared set-up for the reference-agency tests: start all six once per test file with a pinned
 * clock (so date-dependent answers are fixed), and fetch JSON from them.
 */
import { createServer } from 'node:net';
import { after, before } from 'node:test';
import { startReferenceAgencies, type ReferenceAgencies } from './start.ts';

/** The pinned "now" of every test: 1 June 2025, morning in Tehran. */
export const PINNED_NOW = new Date('2025-06-01T08:00:00Z');

export interface JsonAnswer {
  status: number;
  // Tests read fields freely; the shapes are checked by assertions, not by the type system.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Headers;
}

export async function getJson(url: string, init?: RequestInit): Promise<JsonAnswer> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** Starts the agencies before the file's tests and closes them after; read `.running` inside tests. */
export function useReferenceAgencies(): { running: ReferenceAgencies; url(code: string): string } {
  const holder = {} as { running: ReferenceAgencies; url(code: string): string };
  holder.url = (code) => {
    const agency = holder.running.agencies.find((a) => a.code === code);
    if (!agency) throw new Error(`no agency ${code}`);
    return agency.url;
  };
  before(async () => {
    holder.running = await startReferenceAgencies({ clock: () => PINNED_NOW });
  });
  after(async () => {
    await holder.running.close();
  });
  return holder;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A base port that is free on 127.0.0.1 with the next five, for the agencies on fixed ports. */
export async function freePortRange(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 40000);
    const free = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => portFree(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error('no six free ports in a row');
}
