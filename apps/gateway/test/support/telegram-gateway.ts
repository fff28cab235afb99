// A gateway in this process with the Telegram channel pointed at the fake Bot API, the real
// runtime and the scripted model, and a log that tests can read (backoff decisions, polling
// state). Shared by the Telegram, approval and dashboard tests.
import { loadGatewayConfig } from '../../src/config/load.js';
import { startGateway, type RunningGateway } from '../../src/daemon/gateway.js';
import type { Logger } from '../../src/log.js';
import { BOT_TOKEN } from './fake-telegram.js';
import { gatewayEnv, writeRuntimeConfig } from './harness.js';

export interface LogLine {
  readonly level: string;
  readonly event: string;
  readonly [field: string]: unknown;
}

export interface RecordingLogger extends Logger {
  readonly lines: LogLine[];
  find(event: string): LogLine[];
}

export function recordingLogger(): RecordingLogger {
  const lines: LogLine[] = [];
  return {
    lines,
    log(level, event, fields = {}) {
      lines.push({ level, event, ...fields });
    },
    find: (event) => lines.filter((line) => line.event === event),
  };
}

export interface TelegramGatewayOptions {
  readonly dataDir: string;
  readonly cwd: string;
  readonly modelUrl: string;
  readonly apiRoot: string;
  readonly variables: Record<string, string>;
  readonly log: Logger;
}

export async function startTelegramGateway(options: TelegramGatewayOptions): Promise<RunningGateway> {
  writeRuntimeConfig(options.dataDir, options.modelUrl);
  const env = gatewayEnv({
    DATA_DIR: options.dataDir,
    PORT: '0',
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_API_ROOT: options.apiRoot,
    TELEGRAM_POLL_TIMEOUT_SECONDS: '2',
    JOB_BACKOFF_BASE_MS: '100',
    JOB_BACKOFF_MAX_MS: '1000',
    OPENCODE_EXECUTION_TIMEOUT_MS: '300000',
    ...options.variables,
  });
  return startGateway({ config: loadGatewayConfig({ env, cwd: options.cwd }), env, log: options.log, cwd: options.cwd });
}
