import { Writable } from 'node:stream';
import type { Config } from '../config/schema.ts';

/**
 * The log for a person at a terminal. Production reads pino's JSON lines; someone who ran
 * `npm start` reads a banner, then wants one short line per request. This turns pino's records
 * into such lines without a dependency (pino-pretty is not installed and would bring a dozen
 * packages): the "incoming request" record is held back and its method and path are written
 * on the "request completed" line, so a request is one line, not two JSON objects.
 */

export type LogFormat = 'json' | 'pretty';

/**
 * `LOG_FORMAT`: `json` and `pretty` mean what they say; `auto` is pretty only where a person is
 * likely watching — stdout is a terminal and this is not production.
 */
export function chooseLogFormat(setting: Config['LOG_FORMAT'], output: { isTTY?: boolean }, nodeEnv: Config['NODE_ENV']): LogFormat {
  if (setting !== 'auto') return setting;
  return output.isTTY === true && nodeEnv !== 'production' ? 'pretty' : 'json';
}

type LogRecord = Record<string, unknown>;

const levels: Record<number, { name: string; colour: string }> = {
  10: { name: 'TRACE', colour: '90' },
  20: { name: 'DEBUG', colour: '90' },
  30: { name: 'INFO', colour: '32' },
  40: { name: 'WARN', colour: '33' },
  50: { name: 'ERROR', colour: '31' },
  60: { name: 'FATAL', colour: '41;97' },
};
/** pino's bookkeeping and what the line already says; every other field is shown as key=value. */
const shownElsewhere = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId', 'req', 'res', 'responseTime', 'err', 'v']);
/** Requests whose "completed" record has not come yet (one that never completes must not grow the map for ever). */
const MAX_PENDING = 1000;
const MAX_VALUE_CHARS = 200;

const statusColour = (status: number) => (status >= 500 ? '31' : status >= 400 ? '33' : status >= 300 ? '36' : '32');
const clock = (time: unknown) => {
  const d = typeof time === 'number' ? new Date(time) : new Date();
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
};
const valueText = (value: unknown) => {
  const text = typeof value === 'string' ? (/\s/.test(value) ? JSON.stringify(value) : value) : (JSON.stringify(value) ?? String(value));
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
};

export class PrettyLogFormatter {
  private readonly pending = new Map<string, string>();
  constructor(private readonly colours: boolean) {}

  private paint(code: string, text: string): string {
    return this.colours ? `\x1b[${code}m${text}\x1b[0m` : text;
  }

  /** One pino record → the line to print (without its newline), or null to print nothing. */
  format(record: LogRecord): string | null {
    const reqId = typeof record.reqId === 'string' ? record.reqId : undefined;
    const req = record.req as { method?: unknown; path?: unknown; url?: unknown } | undefined;
    if (record.msg === 'incoming request' && reqId && req) {
      if (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
      this.pending.set(reqId, `${String(req.method)} ${String(req.path ?? req.url)}`);
      return null;
    }
    const time = this.paint('2', clock(record.time));
    const res = record.res as { statusCode?: unknown } | undefined;
    if (record.msg === 'request completed' && res && typeof res.statusCode === 'number') {
      const request = (reqId && this.pending.get(reqId)) ?? `request ${reqId ?? ''}`.trim();
      if (reqId) this.pending.delete(reqId);
      const ms = typeof record.responseTime === 'number' ? ` ${this.paint('2', `${record.responseTime < 10 ? record.responseTime.toFixed(1) : Math.round(record.responseTime)} ms`)}` : '';
      return `${time} ${request} ${this.paint(statusColour(res.statusCode), String(res.statusCode))}${ms}`;
    }
    const level = levels[record.level as number] ?? { name: String(record.level), colour: '0' };
    const fields = Object.entries(record)
      .filter(([key]) => !shownElsewhere.has(key))
      .map(([key, value]) => `${this.paint('2', `${key}=`)}${valueText(value)}`);
    if (reqId) fields.unshift(this.paint('2', `reqId=${reqId}`));
    let line = `${time} ${this.paint(level.colour, level.name.padEnd(5))} ${String(record.msg ?? '')}${fields.length ? ` ${fields.join(' ')}` : ''}`;
    const err = record.err as { type?: unknown; message?: unknown; stack?: unknown } | undefined;
    if (err) {
      line += `\n    ${this.paint(level.colour, `${String(err.type ?? 'Error')}: ${String(err.message ?? '')}`)}`;
      // The stack's first line repeats the message; what follows says where.
      if (typeof err.stack === 'string' && (record.level as number) >= 50) line += `\n${err.stack.split('\n').slice(1).map((l) => `    ${l.trim()}`).join('\n')}`;
    }
    return line;
  }
}

/**
 * A destination for pino (`logger.stream`) that prints each record in the pretty format. A line
 * that is not JSON (pino writes nothing else, but a stream may be shared) is passed through.
 */
export class PrettyLogStream extends Writable {
  private readonly formatter: PrettyLogFormatter;
  private partial = '';
  constructor(private readonly output: NodeJS.WritableStream, options: { colours: boolean }) {
    super({ decodeStrings: false });
    this.formatter = new PrettyLogFormatter(options.colours);
  }

  override _write(chunk: string | Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    const lines = (this.partial + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'))).split('\n');
    this.partial = lines.pop() ?? '';
    let out = '';
    for (const line of lines) {
      if (!line) continue;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        out += `${line}\n`;
        continue;
      }
      const text = typeof record === 'object' && record !== null ? this.formatter.format(record as LogRecord) : line;
      if (text !== null) out += `${text}\n`;
    }
    if (out) this.output.write(out);
    done();
  }
}
