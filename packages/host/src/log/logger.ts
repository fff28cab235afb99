// One log stream for everything the host runs: the host itself, its HTTP server, the
// runtime and, through the runtime's output, its MCP servers. Each record carries the run
// id (for correlating a whole run) and its source. Sinks decide the format.
import { randomBytes } from 'node:crypto';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogSource = 'host' | 'http' | 'runtime' | 'mcp' | 'cli';

export interface LogRecord {
  /** ISO 8601 time. */
  readonly time: string;
  readonly level: LogLevel;
  readonly source: LogSource;
  readonly runId: string;
  readonly message: string;
  readonly data?: Readonly<Record<string, unknown>>;
}

export type LogSink = (record: LogRecord) => void;

const ORDER: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3 };

/** A short random id for one run of the host, unless the user supplies one. */
export function newRunId(): string {
  return randomBytes(6).toString('hex');
}

export interface LoggerOptions {
  readonly runId: string;
  readonly sink: LogSink;
  /** Records below this level are dropped. Default info. */
  readonly level?: LogLevel;
  readonly now?: () => Date;
}

export class Logger {
  readonly runId: string;
  readonly #sink: LogSink;
  readonly #level: LogLevel;
  readonly #now: () => Date;
  readonly #source: LogSource;
  /** Extra sinks, shared by every logger derived with `for()` from the same root. */
  readonly #taps: Set<LogSink>;

  constructor(options: LoggerOptions, source: LogSource = 'host', taps: Set<LogSink> = new Set()) {
    this.runId = options.runId;
    this.#sink = options.sink;
    this.#level = options.level ?? 'info';
    this.#now = options.now ?? (() => new Date());
    this.#source = source;
    this.#taps = taps;
  }

  /** The same stream, labelled with another source. */
  for(source: LogSource): Logger {
    return new Logger({ runId: this.runId, sink: this.#sink, level: this.#level, now: this.#now }, source, this.#taps);
  }

  /**
   * Also hands every record that passes the level to `sink` (the diagnostics ring, for
   * example), from this logger and every logger related to it through `for()`. Returns the
   * disposer.
   */
  tap(sink: LogSink): () => void {
    this.#taps.add(sink);
    return () => this.#taps.delete(sink);
  }

  log(level: LogLevel, message: string, data?: Record<string, unknown>): void {
    if (ORDER[level] < ORDER[this.#level]) return;
    const record: LogRecord = { time: this.#now().toISOString(), level, source: this.#source, runId: this.runId, message, ...(data ? { data } : {}) };
    this.#sink(record);
    for (const tap of this.#taps) {
      try {
        tap(record);
      } catch {
        // a broken tap must not break logging
      }
    }
  }

  debug(message: string, data?: Record<string, unknown>): void {
    this.log('debug', message, data);
  }
  info(message: string, data?: Record<string, unknown>): void {
    this.log('info', message, data);
  }
  warn(message: string, data?: Record<string, unknown>): void {
    this.log('warn', message, data);
  }
  error(message: string, data?: Record<string, unknown>): void {
    this.log('error', message, data);
  }
}

/** One JSON object per line: what log collectors (and OpenTelemetry pipelines) ingest. */
export function jsonLine(record: LogRecord): string {
  return `${JSON.stringify(record)}\n`;
}

const COLORS: Readonly<Record<LogLevel, string>> = { debug: '\x1b[2m', info: '', warn: '\x1b[33m', error: '\x1b[31m' };

/** A line for people: time, source, message and data, coloured by level in a terminal. */
export function prettyLine(record: LogRecord, color = false): string {
  const time = record.time.slice(11, 19);
  const data = record.data && Object.keys(record.data).length > 0 ? ` ${formatData(record.data)}` : '';
  const level = record.level === 'info' ? '' : `${record.level.toUpperCase()} `;
  const text = `${time} ${record.source.padEnd(7)} ${level}${record.message}${data}`;
  return color && COLORS[record.level] ? `${COLORS[record.level]}${text}\x1b[0m\n` : `${text}\n`;
}

/** A record's data as `key=value` pairs (strings without spaces bare, anything else as JSON). */
export function formatData(data: Readonly<Record<string, unknown>>): string {
  return Object.entries(data)
    .map(([key, value]) => `${key}=${typeof value === 'string' && !/\s/.test(value) ? value : JSON.stringify(value)}`)
    .join(' ');
}
