// The desktop's log: the host's one stream (host, runtime, MCP lines), as JSON lines in
// <dataDir>/logs/desktop.log for diagnostics and as readable lines on stderr for whoever
// started the app from a terminal.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { jsonLine, Logger, newRunId, prettyLine, type LogRecord } from '@open-cowork/host';

export interface DesktopLog {
  readonly logger: Logger;
  /** Starts writing to `<logDir>/desktop.log` too (once the data dir is known). */
  toFile(logDir: string): void;
  close(): void;
}

export function desktopLog(options: { readonly stderr?: (line: string) => void; readonly verbose?: boolean } = {}): DesktopLog {
  const stderr = options.stderr ?? ((line: string) => process.stderr.write(line));
  let file: WriteStream | undefined;
  const sink = (record: LogRecord): void => {
    stderr(prettyLine(record));
    file?.write(jsonLine(record));
  };
  return {
    logger: new Logger({ runId: newRunId(), sink, level: options.verbose === true ? 'debug' : 'info' }),
    toFile(logDir) {
      if (file !== undefined) return;
      mkdirSync(logDir, { recursive: true, mode: 0o700 });
      file = createWriteStream(path.join(logDir, 'desktop.log'), { flags: 'a', mode: 0o600 });
      file.on('error', () => {
        file = undefined; // a full disk must not take the app down with it
      });
    },
    close() {
      file?.end();
      file = undefined;
    },
  };
}
