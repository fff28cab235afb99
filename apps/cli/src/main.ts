import { readFileSync } from 'node:fs';
import { CodedError } from '@open-cowork/contracts';
import { runConfigCommand } from './commands/config.js';
import { runApprovalsCommand } from './commands/approvals.js';
import { runJobsCommand } from './commands/jobs.js';
import { runRunCommand } from './commands/run.js';
import { runRunnerCommand } from './commands/runner.js';
import { runServeCommand } from './commands/serve.js';
import { runStatusCommand } from './commands/status.js';
import { runStopCommand } from './commands/stop.js';
import { runWorkspaceCommand } from './commands/workspace.js';
import { issueLine, layerLine } from './format.js';
import { ExitCode, UsageError, type CliIo, type CommandResult } from './io.js';
import { loadForCli } from './load.js';

const COMMANDS: Readonly<Record<string, { summary: string; run: (args: readonly string[], io: CliIo) => CommandResult }>> = {
  config: { summary: 'Inspect and check the layered configuration (validate, print, explain, schema)', run: runConfigCommand },
  run: { summary: 'Send one prompt through the managed runtime and stream the answer', run: runRunCommand },
  start: { summary: 'Start the headless host (runtime + HTTP/SSE API) and print pairing details', run: (args, io) => runServeCommand('start', args, io) },
  serve: { summary: 'Run the headless host in the foreground, log output only', run: (args, io) => runServeCommand('serve', args, io) },
  runner: { summary: 'Run a gateway\'s tasks on this machine (connects out, takes tasks by lease)', run: runRunnerCommand },
  status: { summary: 'Show whether a host is running and how its runtime is', run: runStatusCommand },
  stop: { summary: 'Stop the host running for a data dir', run: (args, io) => runStopCommand(args, io) },
  approvals: { summary: 'List or answer a running host\'s permission requests', run: runApprovalsCommand },
  jobs: { summary: 'Hand work to OpenCode in isolated sessions of a running host, and follow it', run: runJobsCommand },
  workspace: { summary: 'Add, list, locate or remove workspaces', run: runWorkspaceCommand },
};

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

export function mainHelp(): string {
  return [
    'Usage: open-cowork <command> [options]',
    '',
    'Open Cowork: a desktop workspace for the OpenCode agent runtime.',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(10)}  ${command.summary}`),
    '',
    'Options:',
    '  -h, --help      show this help',
    '  -v, --version   print the version',
    '',
    'Run "open-cowork <command> --help" for more.',
    '',
  ].join('\n');
}

/**
 * Runs one CLI invocation and returns its exit code (a promise for commands that do I/O
 * over time, such as `run`). Never calls process.exit.
 */
export function runCli(argv: readonly string[], io: CliIo): CommandResult {
  const [command, ...rest] = argv;
  try {
    if (command === undefined) return overview(io);
    if (command === '--help' || command === '-h' || command === 'help') {
      io.stdout(mainHelp());
      return ExitCode.Ok;
    }
    if (command === '--version' || command === '-v') {
      io.stdout(`${version()}\n`);
      return ExitCode.Ok;
    }
    const entry = COMMANDS[command];
    if (entry === undefined) {
      const what = command.startsWith('-') ? 'option' : 'command';
      throw new UsageError(`Unknown ${what} "${command}".`, 'open-cowork --help');
    }
    const result = entry.run(rest, io);
    return typeof result === 'number' ? result : result.catch((error: unknown) => usageFailure(error, io));
  } catch (error) {
    return usageFailure(error, io);
  }
}

function usageFailure(error: unknown, io: CliIo): ExitCode {
  if (error instanceof UsageError) {
    io.stderr(`${error.message}\nRun "${error.helpCommand}" for usage.\n`);
    return ExitCode.Usage;
  }
  // A coded error is an expected failure (unknown id, host unreachable, ...): say it, exit 1.
  if (error instanceof CodedError) {
    io.stderr(`Error: ${error.message}\n`);
    return ExitCode.Failed;
  }
  throw error;
}

/** With no command: what this install is and whether its configuration is sound. */
function overview(io: CliIo): ExitCode {
  const result = loadForCli(io);
  const name = result.config?.branding.name ?? 'Open Cowork';
  io.stdout(`${name} ${version()}\n\nConfiguration layers (lowest first):\n`);
  for (const layer of result.layers) io.stdout(`${layerLine(layer, io.cwd)}\n`);
  for (const issue of result.issues) io.stderr(`${issueLine(issue, io.cwd)}\n`);
  io.stdout(result.ok ? '\nConfiguration is valid.\n\n' : '\nConfiguration has errors (see above).\n\n');
  io.stdout(mainHelp());
  return result.ok ? ExitCode.Ok : ExitCode.Invalid;
}
