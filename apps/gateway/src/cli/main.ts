// `open-cowork-gateway`: the command table and the one place exit codes are decided.
import { readFileSync } from 'node:fs';
import { CodedError } from '@open-cowork/contracts';
import { runBindCommand } from './commands/bind.js';
import { credentialCommand } from './commands/credentials.js';
import { runDoctorCommand } from './commands/doctor.js';
import { runIdentityCommand } from './commands/identity.js';
import { runJobsCommand } from './commands/jobs.js';
import { runPairingCommand } from './commands/pairing.js';
import { runServeCommand } from './commands/serve.js';
import { runSetupCommand } from './commands/setup.js';
import { runSmokeCommand } from './commands/smoke.js';
import { runBackupCommand, runMigrateCommand, runRestoreCommand } from './commands/store-ops.js';
import { ExitCode, UsageError, type CliIo } from './io.js';

type Command = (args: readonly string[], io: CliIo) => ExitCode | Promise<ExitCode>;

export const COMMANDS: Readonly<Record<string, { readonly summary: string; readonly run: Command }>> = {
  serve: { summary: 'Run the gateway (HTTP, workers, runtime, retention on the leader)', run: runServeCommand },
  doctor: { summary: 'Check configuration, store, TLS, runtime, identities and retention', run: runDoctorCommand },
  smoke: { summary: 'Full round trip with a scripted model and a local webhook peer', run: runSmokeCommand },
  setup: { summary: 'Write a starter env file (mode 0600)', run: runSetupCommand },
  identity: { summary: 'Add, list or disable channel identities', run: runIdentityCommand },
  jobs: { summary: 'List, show, retry or cancel jobs', run: runJobsCommand },
  pairing: { summary: 'List pending pairing codes or approve one', run: runPairingCommand },
  runner: { summary: 'Register, list or revoke runners (the machines that run tasks)', run: credentialCommand('runner') },
  submitter: { summary: 'Issue, list or revoke Task API submitter tokens', run: credentialCommand('submitter') },
  bind: { summary: 'Route a chat\'s messages to a runner workspace instead of the private runtime', run: runBindCommand },
  backup: { summary: 'Write a backup manifest of the store', run: runBackupCommand },
  restore: { summary: 'Restore a backup into an empty store', run: runRestoreCommand },
  migrate: { summary: 'Apply pending store migrations', run: runMigrateCommand },
};

function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

export function mainHelp(): string {
  return [
    'Usage: open-cowork-gateway <command> [options]',
    '',
    'The Open Cowork standalone gateway: Telegram and signed webhook messages in, answers from a',
    'private OpenCode out, with durable jobs in PostgreSQL or an embedded store.',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(10)}  ${command.summary}`),
    '',
    'Options:',
    '  -h, --help      show this help',
    '  -v, --version   print the version',
    '',
    'Configuration: OPEN_COWORK_STANDALONE_GATEWAY_* variables (docs/gateway.md).',
    'Exit status: 0 ok, 1 failed, 2 usage error. Run "open-cowork-gateway <command> --help" for more.',
    '',
  ].join('\n');
}

/** Runs one invocation and resolves with its exit code; never calls process.exit. */
export async function runGatewayCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [command, ...rest] = argv;
  try {
    if (command === '--help' || command === '-h' || command === 'help') {
      io.stdout(mainHelp());
      return ExitCode.Ok;
    }
    if (command === '--version' || command === '-v') {
      io.stdout(`${version()}\n`);
      return ExitCode.Ok;
    }
    if (command === undefined) {
      io.stderr(mainHelp());
      return ExitCode.Usage;
    }
    const entry = COMMANDS[command];
    if (entry === undefined) throw new UsageError(`Unknown ${command.startsWith('-') ? 'option' : 'command'} "${command}".`, 'open-cowork-gateway --help');
    return await entry.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\nRun "${error.helpCommand}" for usage.\n`);
      return ExitCode.Usage;
    }
    if (error instanceof CodedError) {
      io.stderr(`Error (${error.code}): ${error.message}\n`);
      return ExitCode.Failed;
    }
    io.stderr(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.Failed;
  }
}
