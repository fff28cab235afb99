// Where the host's unified log goes in the terminal: pretty lines (coloured in a TTY) or
// JSON lines (--log-format json / OPEN_COWORK_LOG_FORMAT=json) on stderr.
import { jsonLine, Logger, newRunId, prettyLine, type LogLevel } from '@open-cowork/host';
import { UsageError, type CliIo } from '../io.js';

export const LOG_FORMAT_ENV = 'OPEN_COWORK_LOG_FORMAT';
export const RUN_ID_ENV = 'OPEN_COWORK_RUN_ID';

export interface LogChoice {
  readonly format?: string | undefined;
  readonly runId?: string | undefined;
  readonly verbose?: boolean;
}

export function createLogger(io: CliIo, choice: LogChoice, help: string): Logger {
  const format = choice.format ?? io.env[LOG_FORMAT_ENV] ?? 'pretty';
  if (format !== 'pretty' && format !== 'json') throw new UsageError(`--log-format must be pretty or json; got "${format}".`, help);
  const runId = choice.runId ?? io.env[RUN_ID_ENV] ?? newRunId();
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(runId)) throw new UsageError(`--run-id may use letters, digits, ".", "_" and "-" (at most 64); got "${runId}".`, help);
  const level: LogLevel = choice.verbose ? 'debug' : 'info';
  const color = io.isTTY === true;
  return new Logger({ runId, level, sink: (record) => io.stderr(format === 'json' ? jsonLine(record) : prettyLine(record, color)) });
}
