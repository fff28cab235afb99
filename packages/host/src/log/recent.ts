// The last few hundred log lines of this run, kept in memory for app.diagnostics (the About
// page's "Diagnostics" and its "Copy diagnostics"). A Logger tap feeds it. Each line is
// flattened to text and cleaned before it is stored: secrets go through the redactor (the
// runtime's, which knows the per-boot password and the configured keys) and the user's home
// folder becomes `~`, so nothing read from here can leak a key or a user name.
import type { LogLevel, LogRecord, LogSink, LogSource } from './logger.js';
import { formatData } from './logger.js';

export interface RecentLine {
  /** Epoch milliseconds. */
  readonly time: number;
  readonly level: LogLevel;
  readonly source: LogSource;
  /** The message with its data appended as key=value, redacted. */
  readonly message: string;
}

export interface RecentLogsOptions {
  /** Most lines kept; older lines go first. Default 200. */
  readonly maxLines?: number;
  /** Longest line kept, in characters (cut after redaction). Default 2000. */
  readonly maxLineLength?: number;
  /** Blanks out secrets. Default: nothing (the host passes the runtime's redactor). */
  readonly redact?: (text: string) => string;
  /** Shown as `~` wherever it appears (the user's home folder). */
  readonly homeDir?: string;
}

export class RecentLogs {
  readonly #lines: RecentLine[] = [];
  readonly #maxLines: number;
  readonly #maxLineLength: number;
  readonly #redact: (text: string) => string;
  readonly #home: RegExp | undefined;

  constructor(options: RecentLogsOptions = {}) {
    this.#maxLines = Math.max(1, options.maxLines ?? 200);
    this.#maxLineLength = Math.max(16, options.maxLineLength ?? 2000);
    this.#redact = options.redact ?? ((text) => text);
    this.#home = homePattern(options.homeDir);
  }

  /** The Logger tap: `logger.tap(recent.sink)`. */
  readonly sink: LogSink = (record: LogRecord) => {
    this.add(record);
  };

  add(record: LogRecord): void {
    const data = record.data !== undefined && Object.keys(record.data).length > 0 ? ` ${formatData(record.data)}` : '';
    const clean = this.clean(`${record.message}${data}`);
    const message = clean.length > this.#maxLineLength ? `${clean.slice(0, this.#maxLineLength)}…` : clean;
    const parsed = Date.parse(record.time);
    this.#lines.push({ time: Number.isNaN(parsed) ? 0 : parsed, level: record.level, source: record.source, message });
    if (this.#lines.length > this.#maxLines) this.#lines.splice(0, this.#lines.length - this.#maxLines);
  }

  /** Secrets blanked out and the home folder shown as `~`. */
  clean(text: string): string {
    const redacted = this.#redact(text);
    return this.#home === undefined ? redacted : redacted.replace(this.#home, '~');
  }

  /** The newest `count` lines (default: all kept), oldest first. */
  lines(count = this.#maxLines): RecentLine[] {
    return count <= 0 ? [] : this.#lines.slice(-count);
  }
}

/**
 * The home folder as a pattern that matches it only as a whole path prefix: "/home/al" must
 * not turn "/home/alice" into "~ice". "/" or "" as a home folder would mangle every path, so
 * they match nothing.
 */
export function homePattern(homeDir: string | undefined): RegExp | undefined {
  const home = homeDir?.replace(/[\\/]+$/, '');
  if (home === undefined || home.length < 2) return undefined;
  const escaped = home.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${escaped}(?=[\\\\/]|$|[^\\w.-])`, 'g');
}

/** `text` with the home folder shown as `~` (see homePattern). */
export function tildeHome(text: string, homeDir: string | undefined): string {
  const pattern = homePattern(homeDir);
  return pattern === undefined ? text : text.replace(pattern, '~');
}
