// `open-cowork start` / `serve`: the headless host. One OpenCode runtime behind the host's
// HTTP/SSE API, for a browser, a remote client or a script.
import path from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { createHostServer, generateToken, Host, processIdentity, type HostServer, type Logger } from '@open-cowork/host';
import { OPENCODE_SOURCES, opencodeSourceSettings, resolveRuntimeBinary, SIDECAR_ENV, type OpencodeSourceOptions, type SourceSettingsInput } from '@open-cowork/runtime';
import { checkMounts, loadMountAllowlist, mountAllowlistPath, parseMountRequest, parseSandboxChoice, SANDBOX_CHOICES, type CheckedMount, type MountRequest, type SandboxChoice } from '@open-cowork/sandbox';
import { homedir } from 'node:os';
import { parseCommandArgs } from '../args.js';
import { issueLine } from '../format.js';
import { checkHost } from '../host/check.js';
import { withDataDir } from '../host/data-dir.js';
import { runDashboard } from '../host/dashboard.js';
import { detach, startInBackground } from '../host/detach.js';
import { runStopCommand } from './stop.js';
import { removeHostRecord, runningHost, writeHostRecord } from '../host/host-record.js';
import { listenProblem } from '../host/listen-error.js';
import { createLogger } from '../host/log-output.js';
import { pairingText } from '../host/pairing.js';
import { ExitCode, UsageError, type CliIo } from '../io.js';
import { loadForCli } from '../load.js';

export const SERVE_OPTIONS = {
  workspace: { type: 'string', multiple: true },
  trust: { type: 'boolean' },
  sandbox: { type: 'string' },
  'sandbox-mount': { type: 'string', multiple: true },
  approval: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  'allow-remote': { type: 'boolean' },
  'no-log-requests': { type: 'boolean' },
  'log-format': { type: 'string' },
  'run-id': { type: 'string' },
  verbose: { type: 'boolean' },
  check: { type: 'boolean' },
  'check-events': { type: 'boolean' },
  detach: { type: 'boolean' },
  'no-tui': { type: 'boolean' },
  'data-dir': { type: 'string' },
  'static-dir': { type: 'string' },
  'opencode-source': { type: 'string' },
  'opencode-bin': { type: 'string' },
  'sidecar-dir': { type: 'string' },
  'sidecar-base-url': { type: 'string' },
  'sidecar-manifest': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function serveUsage(name: 'start' | 'serve'): string {
  return [
    `Usage: open-cowork ${name} [--workspace DIR]... [--approval manual|auto] [options]`,
    '',
    name === 'start'
      ? 'Starts the headless host: the OpenCode runtime behind an HTTP/SSE API that browsers, remote\nclients and scripts use. Prints the pairing details (URL and token) and keeps running until\nCtrl-C, or leaves it running in the background with --detach.'
      : 'Runs the headless host in the foreground with log output only (the same as start --no-tui).',
    '',
    'Options:',
    '  --workspace DIR        a folder sessions may work in (repeatable; default: the current folder)',
    '  --trust                trust the --workspace folders: OpenCode configuration in them (a',
    '                         .opencode folder with plugins, opencode.json) loads. Without it, such',
    '                         configuration stays unloaded until trusted in the UI',
    `  --sandbox CHOICE       where OpenCode, its shells and MCP servers run: ${SANDBOX_CHOICES.join(', ')}`,
    '                         (default auto: the strongest sandbox that works here; none: unsandboxed)',
    '  --sandbox-mount HOST:NAME[:ro|rw]',
    '                         show HOST inside the sandbox at /workspace/extra/NAME (read-only unless',
    '                         rw; repeatable). HOST must lie under a folder listed in the mount',
    '                         allowlist (~/.config/<dataDirName>/sandbox-mount-allowlist.json)',
    '  --approval MODE        manual (default): permission requests wait for a client or',
    '                         "open-cowork approvals"; auto: every request is allowed once',
    '  --host ADDR            address to listen on (default 127.0.0.1)',
    '  --port N               port (default 8787; 0 picks a free one)',
    '  --allow-remote         allow a non-loopback --host (anyone who can reach it still needs the token)',
    '  --no-log-requests      do not log each HTTP request',
    '  --log-format FORMAT    pretty (default) or json (one JSON object per line)',
    '  --run-id ID            correlation id stamped on every log line (default: random)',
    '  --verbose              debug logging, including where each binary was found',
    '  --check                start, verify health, stop; exit 0 or 1 with the reason',
    '  --check-events         with --check: also verify one real event round trip over SSE',
    '  --detach               keep the host running in the background and return',
    '  --data-dir DIR         state folder (settings, workspaces, runtime data, host record)',
    '  --static-dir DIR       serve this built UI at / (default: packages/app/dist of this install)',
    `  --opencode-source SRC  where the OpenCode binary (host runtime and job sessions) comes from:`,
    `                         ${OPENCODE_SOURCES.join(', ')}. bundled: the npm package of this install;`,
    '                         downloaded: the sidecar cache, verified by the manifest\'s SHA-256 (a',
    '                         mismatch is deleted and refused); external: --opencode-bin or',
    '                         OPEN_COWORK_OPENCODE_BIN; auto (default): external if named, else',
    '                         bundled, else the verified cache or a download',
    '  --opencode-bin PATH    the binary for --opencode-source external (or auto)',
    '  --sidecar-dir DIR      the download cache (default: <data dir>/sidecars)',
    '  --sidecar-base-url URL where binaries are downloaded from: https (http only to 127.0.0.1,',
    '                         ::1 or localhost); default: the manifest URL\'s folder',
    '  --sidecar-manifest URL|FILE',
    '                         the SHA-256 manifest (default: <base URL>/open-cowork-sidecars.json)',
    '',
    'Environment: OPEN_COWORK_USER_DATA_DIR, OPEN_COWORK_LOG_FORMAT, OPEN_COWORK_RUN_ID,',
    'OPEN_COWORK_NPM_REGISTRY, OPEN_COWORK_OPENCODE_BIN, OPEN_COWORK_SANDBOX_MOUNT_ALLOWLIST,',
    `${Object.values(SIDECAR_ENV).join(', ')} (the flags win).`,
    '',
    'Exit status: 0 stopped cleanly (or --check passed), 1 failed (the reason is printed), 2 usage error.',
    '',
  ].join('\n');
}

interface ServeOptions {
  readonly workspaces: readonly string[];
  readonly trust: boolean;
  readonly sandbox: SandboxChoice | undefined;
  /** Checked against the mount allowlist once the config (its dataDirName) is loaded. */
  readonly mounts: readonly MountRequest[];
  readonly approval: 'manual' | 'auto';
  readonly host: string;
  readonly port: number;
  readonly allowRemote: boolean;
  readonly logRequests: boolean;
  readonly check: boolean;
  readonly checkEvents: boolean;
  readonly staticDir: string | undefined;
  /** --opencode-source and the sidecar flags, checked; the cache folder defaults once the data dir is known. */
  readonly binaryFlags: SourceSettingsInput;
}

export function runServeCommand(name: 'start' | 'serve', args: readonly string[], io: CliIo): ExitCode | Promise<ExitCode> {
  const help = `open-cowork ${name} --help`;
  const { values } = parseCommandArgs(args, SERVE_OPTIONS, help, 0);
  if (values['help'] === true) {
    io.stdout(serveUsage(name));
    return ExitCode.Ok;
  }
  const hostIo = withDataDir(io, values['data-dir'] as string | undefined);
  const options = serveOptions(values, hostIo, help);
  const logger = createLogger(hostIo, { format: values['log-format'] as string | undefined, runId: values['run-id'] as string | undefined, verbose: values['verbose'] === true }, help);
  if (values['detach'] === true) {
    if (options.check) throw new UsageError('--detach and --check do not go together.', help);
    return detach(hostIo, args, logger.runId);
  }
  // In a terminal, `start` runs the host in the background and shows a live dashboard.
  if (name === 'start' && values['no-tui'] !== true && !options.check && hostIo.isTTY === true && hostIo.onKey) {
    return dashboard(hostIo, args, logger.runId);
  }
  return serve(options, hostIo, logger, values['verbose'] === true);
}

function serveOptions(values: Record<string, unknown>, io: CliIo, help: string): ServeOptions {
  const approval = (values['approval'] as string | undefined) ?? 'manual';
  if (approval !== 'manual' && approval !== 'auto') throw new UsageError(`--approval must be manual or auto; got "${approval}".`, help);
  const portText = (values['port'] as string | undefined) ?? '8787';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535; got "${portText}".`, help);
  const workspaces = ((values['workspace'] as string[] | undefined) ?? ['.']).map((dir) => path.resolve(io.cwd, dir));
  for (const dir of workspaces) {
    if (!isDirectory(dir)) throw new UsageError(`--workspace ${dir} is not a folder.`, help);
  }
  const staticDir = values['static-dir'] === undefined ? undefined : path.resolve(io.cwd, values['static-dir'] as string);
  if (staticDir !== undefined && !isDirectory(staticDir)) throw new UsageError(`--static-dir ${staticDir} is not a folder.`, help);
  if (values['check-events'] === true && values['check'] !== true) throw new UsageError('--check-events needs --check.', help);
  const binaryFlags: SourceSettingsInput = {
    source: values['opencode-source'] as string | undefined,
    external: values['opencode-bin'] as string | undefined,
    dir: values['sidecar-dir'] as string | undefined,
    baseUrl: values['sidecar-base-url'] as string | undefined,
    manifest: values['sidecar-manifest'] as string | undefined,
  };
  usage(() => opencodeSourceSettings(binaryFlags, io.env, { cwd: io.cwd, defaultDir: io.cwd }), help);
  return {
    binaryFlags,
    workspaces,
    trust: values['trust'] === true,
    sandbox: values['sandbox'] === undefined ? undefined : usage(() => parseSandboxChoice(values['sandbox'] as string, '--sandbox'), help),
    mounts: ((values['sandbox-mount'] as string[] | undefined) ?? []).map((text) => usage(() => parseMountRequest(text), help)),
    approval,
    host: (values['host'] as string | undefined) ?? '127.0.0.1',
    port,
    allowRemote: values['allow-remote'] === true,
    logRequests: values['no-log-requests'] !== true,
    check: values['check'] === true,
    checkEvents: values['check-events'] === true,
    staticDir,
  };
}

/** A malformed value is a usage error, with the parser's own message. */
function usage<T>(parse: () => T, help: string): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), help);
  }
}

/** The --sandbox-mount requests, checked against the user's mount allowlist (a refusal names the file to edit). */
async function allowedMounts(requests: readonly MountRequest[], dataDirName: string, io: CliIo): Promise<CheckedMount[]> {
  if (requests.length === 0) return [];
  const homeDir = io.env['HOME'] ?? homedir();
  const file = mountAllowlistPath({ dataDirName, homeDir, env: io.env });
  return checkMounts(requests, await loadMountAllowlist(file, homeDir));
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

async function serve(options: ServeOptions, io: CliIo, logger: Logger, verbose: boolean): Promise<ExitCode> {
  const load = loadForCli(io);
  for (const issue of load.issues) io.stderr(`${issueLine(issue, io.cwd)}\n`);
  if (!load.config || load.failedClosed || !load.ok) {
    logger.error('The configuration has errors (see above); the host did not start.');
    return ExitCode.Failed;
  }
  const dataDir = load.dataDir;
  const running = await runningHost(dataDir);
  if (running) {
    logger.error(`A host is already running for ${dataDir} (pid ${running.pid}, ${running.url}). Stop it with "open-cowork stop" first.`);
    return ExitCode.Failed;
  }
  const defaultLayer = load.layers.find((layer) => layer.kind === 'default');
  if (!defaultLayer) throw new Error('The configuration load did not report its default layer.');
  // The built UI next to this install (packages/app/dist), unless --static-dir names another.
  const builtUi = path.join(path.dirname(defaultLayer.file), 'packages', 'app', 'dist');
  const staticDir = options.staticDir ?? (existsSync(path.join(builtUi, 'index.html')) ? builtUi : undefined);
  if (!staticDir) logger.warn('The UI is not built (npm run build:app); serving a placeholder page at /.');
  const binarySource = opencodeSourceSettings(options.binaryFlags, io.env, { cwd: io.cwd, defaultDir: path.join(dataDir, 'sidecars') });
  if (verbose) await logResolution(logger, io, binarySource, load.layers.map((layer) => `${layer.kind}=${layer.status}:${layer.file}`));

  let mounts: CheckedMount[];
  try {
    mounts = await allowedMounts(options.mounts, load.config.branding.dataDirName, io);
  } catch (error) {
    logger.error(error instanceof Error ? error.message : String(error));
    return ExitCode.Failed;
  }
  const npmRegistry = io.env['OPEN_COWORK_NPM_REGISTRY'];
  const identity = await processIdentity(process.pid);
  if (!identity) {
    logger.error('Cannot tell this process\'s own start time and command line (ps); the host record would not be trustworthy.');
    return ExitCode.Failed;
  }
  let host: Host;
  try {
    host = await Host.create({
      load,
      reloadConfig: () => loadForCli(io),
      appRoot: path.dirname(defaultLayer.file),
      dataDir,
      logger,
      env: io.env,
      approval: options.approval,
      ...(npmRegistry ? { npmRegistry } : {}),
      ...(io.homeDir === undefined ? {} : { homeDir: io.homeDir }),
      supervisor: { binarySource, ...(options.sandbox === undefined && mounts.length === 0 ? {} : { sandbox: { ...(options.sandbox === undefined ? {} : { backend: options.sandbox }), mounts } }) },
    });
  } catch (error) {
    // The data dir is another host's (HOST_DATA_DIR_LOCKED): it is running, or still starting.
    logger.error(error instanceof Error ? error.message : String(error));
    return ExitCode.Failed;
  }
  let server: HostServer | undefined;
  let recorded = false;
  const stopping = new AbortController();
  const onSignal = () => stopping.abort();
  io.signal?.addEventListener('abort', onSignal, { once: true });
  try {
    const workspaces = await Promise.all(options.workspaces.map((dir) => host.workspaces.add(dir)));
    await answerTrust(host, workspaces, options.trust, logger);
    const token = generateToken();
    host.addSecret(token);
    const http = logger.for('http');
    server = await createHostServer({
      token,
      dispatcher: host.dispatcher,
      events: host.events,
      host: options.host,
      port: options.port,
      allowRemote: options.allowRemote,
      requestLog: options.logRequests,
      log: (entry) => http.info(`${entry.method} ${entry.path} ${entry.status}`, { durationMs: Math.round(entry.durationMs) }),
      onError: (error, context) => http.error(`request failed: ${error instanceof Error ? error.message : String(error)}`, { path: context.path }),
      ...(load.config.branding.name ? { appName: load.config.branding.name } : {}),
      ...(staticDir ? { staticDir } : {}),
    });
    logger.info('host listening', { url: server.url });
    if (!options.check) {
      // Recorded before the runtime boots: from here on `status` and `stop` can see this host.
      await writeHostRecord(dataDir, { pid: process.pid, ...identity, url: server.url, token, runId: logger.runId, startedAt: Date.now(), workspaces: workspaces.map((w) => w.path) });
      recorded = true;
    }
    await host.start();
    const sandbox = host.runtime.supervisor.sandboxStatus;
    if (sandbox !== undefined) logger.log(sandbox.backend === 'none' ? 'warn' : 'info', `sandbox: ${sandbox.description}`, { backend: sandbox.backend, strength: sandbox.strength });

    if (options.check) {
      const problem = await checkHost({ url: server.url, token }, { events: options.checkEvents, workspaceId: workspaces[0]?.id });
      if (problem) {
        logger.error(`check failed: ${problem}`);
        return ExitCode.Failed;
      }
      io.stdout(`Check passed: host and runtime are healthy${options.checkEvents ? ', and events flow over SSE' : ''}.\n`);
      if (sandbox !== undefined) io.stdout(`Sandbox: ${sandbox.description}\n`);
      return ExitCode.Ok;
    }

    io.stdout(pairingText({ url: server.url, token, workspaces: workspaces.map((w) => w.path), runId: logger.runId, dataDir, ...(sandbox === undefined ? {} : { sandbox: sandbox.description }) }));
    await new Promise<void>((resolve) => {
      if (stopping.signal.aborted) resolve();
      stopping.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    logger.info('stopping');
    return ExitCode.Ok;
  } catch (error) {
    logger.error(listenProblem(error, options.host, options.port) ?? (error instanceof Error ? error.message : String(error)));
    return ExitCode.Failed;
  } finally {
    io.signal?.removeEventListener('abort', onSignal);
    await server?.close();
    if (recorded) await removeHostRecord(dataDir);
    await host.stop();
  }
}

/** --trust trusts the workspace folders; without it, say what will stay unloaded and how to load it. */
async function answerTrust(host: Host, workspaces: readonly { readonly id: string }[], trust: boolean, logger: Logger): Promise<void> {
  for (const { id } of workspaces) {
    const workspace = trust ? await host.call('workspaces.trust', { id, trust: true }) : (await host.call('workspaces.list', {})).workspaces.find((entry) => entry.id === id);
    const waiting = (workspace?.trust?.folders ?? []).filter((folder) => folder.decision !== 'trusted' && folder.items.length > 0);
    for (const folder of waiting) {
      const hint = folder.path === workspace?.path ? 'pass --trust, or trust it in the UI, to load it' : 'only trusting that exact folder loads it';
      logger.warn(`${folder.path} holds OpenCode configuration that will not be loaded (not trusted): ${folder.items.map((item) => path.relative(folder.path, item.path)).join(', ')}${folder.more > 0 ? ` and ${folder.more} more` : ''}; ${hint}.`);
    }
  }
}

async function dashboard(io: CliIo, args: readonly string[], runId: string): Promise<ExitCode> {
  io.stderr('Starting the host…\n');
  // JSON lines in the log file, so the dashboard can show them tidily.
  const childArgs = args.filter((arg, i) => arg !== '--log-format' && args[i - 1] !== '--log-format' && !arg.startsWith('--log-format='));
  const started = await startInBackground(io, childArgs, runId, ['--log-format', 'json']);
  if (!started) return ExitCode.Failed;
  const load = loadForCli(io);
  return runDashboard(io, {
    appName: load.config?.branding.name ?? 'Open Cowork',
    record: started.record,
    dataDir: started.dataDir,
    logFile: started.logFile,
    stopHost: async () => {
      await runStopCommand(['--data-dir', started.dataDir], { ...io, stdout: () => undefined });
    },
  });
}

async function logResolution(logger: Logger, io: CliIo, source: OpencodeSourceOptions, layers: readonly string[]): Promise<void> {
  try {
    const binary = await resolveRuntimeBinary({ ...source, env: io.env });
    logger.debug('opencode binary', { path: binary.path, version: binary.version, source: binary.source });
  } catch (error) {
    logger.debug('opencode binary not resolved', { reason: error instanceof Error ? error.message : String(error) });
  }
  logger.debug('node', { path: process.execPath, version: process.version });
  for (const layer of layers) logger.debug('config layer', { layer });
}
