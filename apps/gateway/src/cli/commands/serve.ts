// `serve`: run the gateway in the foreground until SIGINT/SIGTERM.
import { startGateway } from '../../daemon/gateway.js';
import { jsonLogger } from '../../log.js';
import { ExitCode, parseCommand, type CliIo } from '../io.js';
import { loadConfigFor } from '../store-access.js';

export const SERVE_USAGE = `Usage: open-cowork-gateway serve

Runs the gateway: the store (migrated on start), the HTTP surface (/health, /ready, /metrics,
/dashboard, POST /webhooks/<providerId>[/actions], POST /telegram/webhook), the private OpenCode
runtime, the job workers, and — on the replica holding the daemon lease — retention and
Telegram polling (or the webhook registration). Configured from OPEN_COWORK_STANDALONE_GATEWAY_*
variables (see docs/gateway.md). Logs are JSON lines on stderr. SIGINT or SIGTERM stops it
cleanly; a second SIGINT exits at once.
Exit status: 0 stopped cleanly, 1 could not start, 2 usage error.
`;

export async function runServeCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const parsed = parseCommand(args, {}, 'open-cowork-gateway serve --help', 0);
  if (parsed.values['help'] === true) {
    io.stdout(SERVE_USAGE);
    return ExitCode.Ok;
  }
  const config = loadConfigFor(io);
  const log = jsonLogger(io.stderr);
  const gateway = await startGateway({ config, env: io.env, log, cwd: io.cwd });
  io.stdout(`${JSON.stringify({ listening: gateway.url, owner: gateway.owner })}\n`);
  await new Promise<void>((resolve) => {
    if (io.signal === undefined || io.signal.aborted) return resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  log.log('info', 'gateway.stopping', {});
  await gateway.close();
  log.log('info', 'gateway.stopped', {});
  return ExitCode.Ok;
}
