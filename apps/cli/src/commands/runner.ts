// `open-cowork runner`: this machine runs the gateway's tasks for its workspaces. It connects out
// to the gateway (no inbound port), takes tasks by lease and runs them on this machine's host —
// the running one (`open-cowork start`, the desktop app) or one of its own — under the host's
// settings, credentials, sandbox and approvals.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { removeRunnerRecord, writeRunnerRecord } from '@open-cowork/host';
import { parseCommandArgs } from '../args.js';
import { issueLine } from '../format.js';
import { withDataDir } from '../host/data-dir.js';
import { runningHost } from '../host/host-record.js';
import { ExitCode, UsageError, type CliIo } from '../io.js';
import { loadForCli } from '../load.js';
import { localTarget, remoteTarget, type RunTarget } from '../run/target.js';
import { prepareCommandSandbox, type CommandSandbox } from '../runner/command-task.js';
import { GatewayClient } from '../runner/gateway-client.js';
import type { Approve } from '../runner/prompt-task.js';
import { Runner, type RunnerLog } from '../runner/runner.js';

const HELP = 'open-cowork runner --help';
export const GATEWAY_ENV = 'OPEN_COWORK_GATEWAY_URL';
export const RUNNER_TOKEN_ENV = 'OPEN_COWORK_RUNNER_TOKEN';
const LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

export const RUNNER_USAGE = [
  'Usage: open-cowork runner --gateway URL (--token-file FILE | --token TOKEN) --workspace [LABEL=]DIR... [options]',
  '',
  'Runs the gateway\'s tasks on this machine. The runner connects out to the gateway (nothing',
  'connects in), long-polls for tasks of its workspaces, runs each prompt through this machine\'s',
  'host — the running one (open-cowork start, the desktop app), or a host of its own while it',
  'runs — and reports progress and the result. Register it on the gateway first:',
  '  open-cowork-gateway runner add NAME --workspace LABEL',
  '',
  'Options:',
  '  --gateway URL          the gateway (or OPEN_COWORK_GATEWAY_URL)',
  '  --token-file FILE      a file holding the runner token (or OPEN_COWORK_RUNNER_TOKEN);',
  '  --token TOKEN          the token itself (visible to other users in the process list)',
  '  --workspace LABEL=DIR  a folder and the workspace label the gateway knows it by',
  '                         (repeatable; LABEL defaults to the folder\'s name)',
  '  --concurrency N        tasks at once (default 1)',
  '  --approve MODE         permission requests: host (default: left to the host — its UI,',
  '                         "open-cowork approvals", serve --approval auto; refused when the',
  '                         runner runs its own host), allow (once each), deny',
  '  --allow-commands       also run command tasks: /bin/sh -c COMMAND in the workspace, inside',
  '                         a sandbox with no network (refused where no sandbox works)',
  '  --command-output-limit BYTES  output kept of a command (default 65536)',
  '  --data-dir DIR         the host\'s data dir (settings, credentials, workspaces)',
  '  --json                 one JSON object per line on stdout for each task event',
  '',
  'Stop it with Ctrl-C or SIGTERM: the tasks it holds go back to the gateway\'s queue.',
  '',
  'Exit status: 0 stopped, 1 failed (the gateway refused the token, the host went away), 2 usage error.',
  '',
].join('\n');

interface RunnerArgs {
  readonly gateway: string;
  readonly token: string;
  readonly workspaces: Map<string, string>;
  readonly concurrency: number;
  readonly approve: Approve;
  readonly json: boolean;
  /** Bytes of command output kept; undefined: command tasks are not run. */
  readonly commandOutputLimit: number | undefined;
}

export function runRunnerCommand(args: readonly string[], io: CliIo): ExitCode | Promise<ExitCode> {
  const { values } = parseCommandArgs(
    args,
    {
      gateway: { type: 'string' },
      token: { type: 'string' },
      'token-file': { type: 'string' },
      workspace: { type: 'string', multiple: true },
      concurrency: { type: 'string' },
      approve: { type: 'string' },
      'allow-commands': { type: 'boolean' },
      'command-output-limit': { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    HELP,
    0,
  );
  if (values['help'] === true) {
    io.stdout(RUNNER_USAGE);
    return ExitCode.Ok;
  }
  const hostIo = withDataDir(io, values['data-dir'] as string | undefined);
  const options = runnerArgs(values, hostIo);
  return serveTasks(options, hostIo);
}

function runnerArgs(values: Record<string, unknown>, io: CliIo): RunnerArgs {
  const gateway = ((values['gateway'] as string | undefined) ?? io.env[GATEWAY_ENV] ?? '').replace(/\/+$/, '');
  if (gateway === '') throw new UsageError(`--gateway URL is required (or ${GATEWAY_ENV}).`, HELP);
  if (!/^https?:\/\/[^\s/]+/.test(gateway)) throw new UsageError(`--gateway must be an http(s) URL; got "${gateway}".`, HELP);
  const token = tokenFrom(values, io);
  const given = (values['workspace'] as string[] | undefined) ?? [];
  if (given.length === 0) throw new UsageError('Give at least one --workspace [LABEL=]DIR.', HELP);
  const workspaces = new Map<string, string>();
  for (const entry of given) {
    const split = entry.indexOf('=');
    const dir = path.resolve(io.cwd, split === -1 ? entry : entry.slice(split + 1));
    const label = split === -1 ? path.basename(dir) : entry.slice(0, split);
    if (!LABEL.test(label)) throw new UsageError(`--workspace ${entry}: "${label}" is not a workspace label (letters, digits, ".", "_" and "-", at most 63); write LABEL=DIR.`, HELP);
    if (!isDirectory(dir)) throw new UsageError(`--workspace ${entry}: ${dir} is not a folder.`, HELP);
    if (workspaces.has(label)) throw new UsageError(`--workspace: the label "${label}" is given twice.`, HELP);
    workspaces.set(label, realpathSync(dir));
  }
  const concurrencyText = (values['concurrency'] as string | undefined) ?? '1';
  const concurrency = Number(concurrencyText);
  if (!/^\d+$/.test(concurrencyText) || concurrency < 1 || concurrency > 32) throw new UsageError(`--concurrency must be a whole number from 1 to 32; got "${concurrencyText}".`, HELP);
  const approve = (values['approve'] as string | undefined) ?? 'host';
  if (approve !== 'host' && approve !== 'allow' && approve !== 'deny') throw new UsageError(`--approve must be host, allow or deny; got "${approve}".`, HELP);
  const limitText = values['command-output-limit'] as string | undefined;
  if (limitText !== undefined && values['allow-commands'] !== true) throw new UsageError('--command-output-limit needs --allow-commands.', HELP);
  const limit = Number(limitText ?? '65536');
  if (!/^\d+$/.test(limitText ?? '65536') || limit < 1024 || limit > 10_485_760) throw new UsageError(`--command-output-limit must be a number of bytes from 1024 to 10485760; got "${limitText}".`, HELP);
  return { gateway, token, workspaces, concurrency, approve, json: values['json'] === true, commandOutputLimit: values['allow-commands'] === true ? limit : undefined };
}

function tokenFrom(values: Record<string, unknown>, io: CliIo): string {
  const file = values['token-file'] as string | undefined;
  const flag = values['token'] as string | undefined;
  if (file !== undefined && flag !== undefined) throw new UsageError('Give --token-file or --token, not both.', HELP);
  let token: string | undefined = flag;
  if (file !== undefined) {
    try {
      token = readFileSync(path.resolve(io.cwd, file), 'utf8').trim();
    } catch (error) {
      throw new UsageError(`--token-file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, HELP);
    }
  }
  token ??= io.env[RUNNER_TOKEN_ENV]?.trim();
  if (token === undefined || token === '') throw new UsageError(`A runner token is required: --token-file FILE, --token TOKEN or ${RUNNER_TOKEN_ENV}.`, HELP);
  if (!/^\S+$/.test(token)) throw new UsageError('The runner token must be one word (no spaces or line breaks).', HELP);
  return token;
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

async function serveTasks(options: RunnerArgs, io: CliIo): Promise<ExitCode> {
  const load = loadForCli(io);
  for (const issue of load.issues) io.stderr(`${issueLine(issue, io.cwd)}\n`);
  if (!load.config || load.failedClosed || !load.ok) {
    io.stderr('The configuration has errors (see above); fix them before running tasks.\n');
    return ExitCode.Invalid;
  }
  const defaultLayer = load.layers.find((layer) => layer.kind === 'default');
  if (!defaultLayer) throw new Error('The configuration load did not report its default layer.');
  const log = runnerLog(io, options.json);
  const client = new GatewayClient({ url: options.gateway, token: options.token });
  // Before a host is started: is the token a runner's, and does the gateway know our labels?
  const identity = await client.whoami();
  if (identity.kind === 'denied') {
    io.stderr(`Error: the gateway at ${options.gateway} refused this runner token (${identity.message}).\n`);
    return ExitCode.Failed;
  }
  if (identity.kind === 'ok') {
    const unknown = [...options.workspaces.keys()].filter((label) => !identity.value.workspaces.includes(label));
    if (unknown.length > 0) {
      io.stderr(`Error: runner "${identity.value.runner}" is not registered for workspace ${unknown.map((label) => `"${label}"`).join(', ')} (registered: ${identity.value.workspaces.join(', ') || 'none'}). Register it with: open-cowork-gateway runner add ${identity.value.runner} --workspace LABEL\n`);
      return ExitCode.Failed;
    }
    log.note(`the gateway knows this runner as "${identity.value.runner}"`);
  } else {
    log.note(`the gateway does not answer yet (${identity.kind === 'failed' ? identity.message : identity.kind}); starting anyway and retrying`);
  }
  let commands: CommandSandbox | undefined;
  if (options.commandOutputLimit !== undefined) {
    try {
      commands = await prepareCommandSandbox(path.join(load.dataDir, 'runner-sandbox'), [load.dataDir], options.commandOutputLimit);
    } catch (error) {
      io.stderr(`Error: --allow-commands: ${error instanceof Error ? error.message : String(error)}.\n`);
      return ExitCode.Failed;
    }
    log.note(`command tasks run ${commands.sandbox.status.description.replace(/^./, (c) => c.toLowerCase())}, without network`);
  }
  const record = await runningHost(load.dataDir);
  let target: RunTarget;
  try {
    if (record) {
      target = remoteTarget(record);
      log.note(`running tasks through the host at ${record.url}`);
    } else {
      const registry = io.env['OPEN_COWORK_NPM_REGISTRY'];
      target = await localTarget({ load, appRoot: path.dirname(defaultLayer.file), dataDir: load.dataDir, env: io.env, workspaces: [...options.workspaces.values()], ...(registry ? { npmRegistry: registry } : {}), ...(io.homeDir === undefined ? {} : { homeDir: io.homeDir }), stderr: io.stderr });
      log.note(`no host is running for ${load.dataDir}; running tasks on a host of the runner's own`);
      if (options.approve === 'host') log.note('permission requests are refused: no host client can answer them here (--approve allow to allow them)');
    }
  } catch (error) {
    io.stderr(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.Failed;
  }
  const stop = io.signal ?? new AbortController().signal;
  await writeRunnerRecord(load.dataDir, { pid: process.pid, gateway: options.gateway, workspaces: Object.fromEntries(options.workspaces), startedAt: Date.now(), host: target.kind === 'remote' ? (target.url ?? 'remote') : 'own' });
  log.note(`serving ${[...options.workspaces].map(([label, dir]) => `${label}=${dir}`).join(', ')} for ${options.gateway}`);
  try {
    const exit = await new Runner({ client, target, workspaces: options.workspaces, concurrency: options.concurrency, approve: options.approve, log, signal: stop, ...(commands === undefined ? {} : { commands }) }).run();
    if (!exit.ok) {
      io.stderr(`Error: ${exit.reason}\n`);
      return ExitCode.Failed;
    }
    return ExitCode.Ok;
  } finally {
    await removeRunnerRecord(load.dataDir);
    await target.close();
  }
}

function runnerLog(io: CliIo, json: boolean): RunnerLog {
  return {
    note: (text) => io.stderr(`· ${text}\n`),
    event: (value) => {
      if (json) io.stdout(`${JSON.stringify({ time: new Date().toISOString(), ...value })}\n`);
    },
  };
}
