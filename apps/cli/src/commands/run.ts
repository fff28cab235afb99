// `open-cowork run`: one prompt through the managed runtime, streamed to the terminal.
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { LoadResult } from '@open-cowork/config';
import type { HostEvent } from '@open-cowork/contracts';
import { parseModelRef, RuntimeEventHub, waitForPrompt, type PermissionReply, type PermissionRequest, type PromptOutcome, type RuntimeEvent } from '@open-cowork/runtime';
import { parseCommandArgs } from '../args.js';
import { issueLine } from '../format.js';
import { ExitCode, UsageError, type CliIo } from '../io.js';
import { loadForCli } from '../load.js';
import { runningHost } from '../host/host-record.js';
import { eventSessionId, localTarget, remoteTarget, type RunTarget } from '../run/target.js';

const HELP = 'open-cowork run --help';
type Approve = 'ask' | 'allow' | 'deny';

export const RUN_USAGE = [
  'Usage: open-cowork run [--workspace DIR] [--trust] [--model PROVIDER/MODEL] [--approve ask|allow|deny] [--json] "PROMPT"',
  '',
  'Sends PROMPT in a new session and streams the answer to stdout; tool activity goes to stderr.',
  'When a host already runs for the data dir (open-cowork start, the desktop app), the prompt goes',
  'through its API, with its settings, credentials, agents and MCP servers; otherwise run starts',
  'a host of its own for the prompt and stops it afterwards. The workspace folder is added to the',
  'host\'s workspaces if it is not there yet.',
  '',
  'Options:',
  '  --workspace DIR    folder the session works in (default: the current folder)',
  '  --trust            trust that folder: OpenCode configuration in it (a .opencode folder',
  '                     with plugins, opencode.json) loads; without it, it stays unloaded',
  '  --model P/M        model to use, e.g. openrouter/anthropic/claude-sonnet-4',
  '                     (default: the configured default model)',
  '  --approve MODE     answer permission requests: ask (on the terminal; deny when',
  '                     there is none), allow (once each), deny (default: ask)',
  '  --json             print every event as one JSON object per line (NDJSON)',
  '  --retries N        give up after the model failed N retries in a row (default 2)',
  '',
  'Environment:',
  '  OPEN_COWORK_USER_DATA_DIR   where settings, the runtime\'s data and the user config live',
  '  OPEN_COWORK_NPM_REGISTRY    registry for the runtime\'s background plugin install',
  '',
  'Exit status: 0 answered, 1 failed (the reason is printed), 2 usage error, 130 interrupted.',
  '',
].join('\n');

interface RunOptions {
  readonly prompt: string;
  readonly workspace: string;
  readonly trust: boolean;
  readonly model: string | undefined;
  readonly approve: Approve;
  readonly json: boolean;
  readonly retries: number;
}

export function runRunCommand(args: readonly string[], io: CliIo): ExitCode | Promise<ExitCode> {
  const parsed = parseCommandArgs(
    args,
    {
      workspace: { type: 'string' },
      trust: { type: 'boolean' },
      model: { type: 'string' },
      approve: { type: 'string' },
      json: { type: 'boolean' },
      retries: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    HELP,
    1,
  );
  if (parsed.values['help'] === true) {
    io.stdout(RUN_USAGE);
    return ExitCode.Ok;
  }
  const options = runOptions(parsed.values, parsed.positionals, io);
  const load = loadForCli(io);
  for (const issue of load.issues) io.stderr(`${issueLine(issue, io.cwd)}\n`);
  if (!load.config || load.failedClosed || !load.ok) {
    io.stderr('The configuration has errors (see above); fix them before running a prompt.\n');
    return ExitCode.Invalid;
  }
  checkModel(options.model, load);
  return run(options, load, io);
}

function runOptions(values: Record<string, string | boolean | undefined>, positionals: readonly string[], io: CliIo): RunOptions {
  const prompt = (positionals[0] ?? '').trim();
  if (prompt === '') throw new UsageError('Missing the prompt, e.g. open-cowork run "Summarise README.md".', HELP);
  const approve = (values['approve'] ?? 'ask') as string;
  if (approve !== 'ask' && approve !== 'allow' && approve !== 'deny') {
    throw new UsageError(`--approve must be ask, allow or deny; got "${approve}".`, HELP);
  }
  const workspace = path.resolve(io.cwd, (values['workspace'] as string | undefined) ?? '.');
  let isDir = false;
  try {
    isDir = statSync(workspace).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new UsageError(`--workspace ${workspace} is not a folder.`, HELP);
  const model = values['model'] as string | undefined;
  if (model !== undefined && parseModelRefSafe(model) === undefined) {
    throw new UsageError(`--model must look like provider/model; got "${model}".`, HELP);
  }
  const retriesText = (values['retries'] as string | undefined) ?? '2';
  const retries = Number(retriesText);
  if (!Number.isInteger(retries) || retries < 0) throw new UsageError(`--retries must be a whole number ≥ 0; got "${retriesText}".`, HELP);
  return { prompt, workspace, trust: values['trust'] === true, model, approve, json: values['json'] === true, retries };
}

function parseModelRefSafe(model: string): { providerID: string; modelID: string } | undefined {
  try {
    return parseModelRef('run', model);
  } catch {
    return undefined;
  }
}

/** A model from a provider the config does not offer would fail inside the runtime; say so first. */
function checkModel(model: string | undefined, load: LoadResult): void {
  if (model === undefined || !load.config) return;
  const provider = parseModelRefSafe(model)?.providerID ?? '';
  const available = load.config.providers.available;
  if (!available.includes(provider)) {
    throw new UsageError(
      `--model ${model}: provider "${provider}" is not available in this configuration (available: ${available.join(', ')}). ` +
        'Add it to providers.available (and describe it in providers.descriptors or providers.custom).',
      HELP,
    );
  }
}

async function run(options: RunOptions, load: LoadResult, io: CliIo): Promise<ExitCode> {
  const defaultLayer = load.layers.find((layer) => layer.kind === 'default');
  if (!defaultLayer) throw new Error('The configuration load did not report its default layer.');
  const dataDir = load.dataDir;
  const output = new RunOutput(io, options.json);
  const record = await runningHost(dataDir);
  let target: RunTarget;
  try {
    if (record) {
      target = remoteTarget(record);
      output.event({ type: 'run.host', url: record.url });
      output.note(`using the host at ${record.url}`);
    } else {
      const registry = io.env['OPEN_COWORK_NPM_REGISTRY'];
      target = await localTarget({
        load,
        appRoot: path.dirname(defaultLayer.file),
        dataDir,
        env: io.env,
        ...(registry ? { npmRegistry: registry } : {}),
        ...(io.homeDir === undefined ? {} : { homeDir: io.homeDir }),
        stderr: io.stderr,
      });
    }
  } catch (error) {
    output.problem(messageOf(error));
    return ExitCode.Failed;
  }
  const stop = new AbortController();
  const onInterrupt = () => stop.abort();
  io.signal?.addEventListener('abort', onInterrupt, { once: true });
  let sessionId: string | undefined;
  const hub = new RuntimeEventHub();
  let unsubscribe: () => void = () => undefined;
  const answered = new Set<string>();
  try {
    unsubscribe = await target.subscribe(
      (event) => {
        if (event.type === 'runtime.status') {
          const status = event.payload;
          output.status(status.state, status.state === 'failed' || status.state === 'restarting' ? status.reason : undefined);
          return;
        }
        if (sessionId === undefined || eventSessionId(event) !== sessionId) return;
        output.hostEvent(event);
        // The events a prompt's outcome is read from, as the runtime names them.
        if (event.type === 'session.status' || event.type === 'session.error' || event.type === 'message.updated') hub.emit({ type: event.type, ...event.payload } as RuntimeEvent);
        if (event.type === 'permission.asked' && !answered.has(event.payload.request.id)) {
          const request = event.payload.request;
          answered.add(request.id);
          void decide(request, options.approve, io, output).then((reply) =>
            target.call('permissions.reply', { requestId: request.id, reply }).catch((error: unknown) => output.problem(`could not answer the permission request: ${messageOf(error)}`)),
          );
        } else if (event.type === 'question.asked') {
          void target.call('questions.reject', { requestId: event.payload.request.id }).catch(() => undefined);
          output.note('the agent asked a question; run has no way to answer it, so it was dismissed');
        }
      },
      (reason) => {
        output.problem(`lost the host's event stream: ${reason}`);
        hub.end();
      },
    );
    const workspace = await trustedWorkspace(target, options.workspace, options.trust, output);
    const session = await target.call('sessions.create', { workspaceId: workspace });
    sessionId = session.id;
    output.event({ type: 'run.session', sessionId, directory: options.workspace });
    const outcome = waitForPrompt(hub, session.id, {
      signal: stop.signal,
      giveUpAfterRetries: options.retries,
      abortSession: async () => void (await target.call('sessions.abort', { sessionId: session.id })),
    });
    await target.call('sessions.prompt', { sessionId: session.id, text: options.prompt, ...(options.model ? { model: options.model } : {}) });
    const settled = await outcome;
    if (!output.streamedText) await output.finalText(target, session.id);
    return output.finish(settled);
  } catch (error) {
    if (stop.signal.aborted) {
      if (sessionId) await target.call('sessions.abort', { sessionId }).catch(() => undefined);
      output.problem('interrupted');
      return ExitCode.Interrupted;
    }
    output.problem(messageOf(error));
    return ExitCode.Failed;
  } finally {
    io.signal?.removeEventListener('abort', onInterrupt);
    unsubscribe();
    await target.close();
  }
}

/**
 * The id of the workspace for `directory`, added to the host's list when it is not there yet,
 * and trusted with --trust (then the runtime reloads, and this waits for it). Without it, says
 * what OpenCode configuration stays unloaded.
 */
async function trustedWorkspace(target: RunTarget, directory: string, trust: boolean, output: RunOutput): Promise<string> {
  const real = realpathSync(directory);
  let workspace = (await target.call('workspaces.list', {})).workspaces.find((entry) => entry.path === real) ?? (await target.call('workspaces.add', { path: real }));
  if (trust && workspace.trust?.trusted !== true) {
    workspace = await target.call('workspaces.trust', { id: workspace.id, trust: true });
    await runtimeReady(target);
  }
  const waiting = (workspace.trust?.folders ?? []).filter((folder) => folder.decision !== 'trusted' && folder.items.length > 0);
  if (waiting.length > 0) output.note(`OpenCode configuration in ${waiting.map((folder) => folder.path).join(', ')} is not trusted and will not be loaded${waiting.some((folder) => folder.path === real) ? ' (--trust trusts the workspace folder)' : ''}`);
  return workspace.id;
}

/** Waits until the host's runtime is ready again (after the reload a trust answer asks for). */
async function runtimeReady(target: RunTarget): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const status = await target.call('runtime.status', {});
    if (status.state === 'ready') return;
    if (status.state === 'failed') throw new Error(`the runtime failed: ${status.reason ?? 'unknown reason'}`);
    if (Date.now() > deadline) throw new Error(`the runtime did not come back after trusting the workspace (${status.state})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function decide(request: PermissionRequest, approve: Approve, io: CliIo, output: RunOutput): Promise<PermissionReply> {
  const what = `${request.permission}${request.patterns.length > 0 ? ` ${request.patterns.join(', ')}` : ''}`;
  if (approve === 'allow') {
    output.note(`allowed ${what}`);
    return 'once';
  }
  if (approve === 'deny' || !io.ask) {
    output.note(`denied ${what}${approve === 'ask' ? ' (no terminal to ask on)' : ''}`);
    return 'reject';
  }
  for (;;) {
    const answer = (await io.ask(`Allow ${what}? [y]es once, [a]lways, [n]o: `)).trim().toLowerCase();
    if (answer === 'y' || answer === 'yes') return 'once';
    if (answer === 'a' || answer === 'always') return 'always';
    if (answer === 'n' || answer === 'no' || answer === '') return 'reject';
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Everything `run` prints: text to stdout, activity to stderr, or NDJSON with --json. */
class RunOutput {
  streamedText = false;
  #endsWithNewline = true;
  readonly #tools = new Map<string, string>();

  constructor(
    private readonly io: CliIo,
    private readonly json: boolean,
  ) {}

  event(value: Record<string, unknown>): void {
    if (this.json) this.io.stdout(`${JSON.stringify(value)}\n`);
  }

  /** One of the session's host events: NDJSON with --json (`{type, ...payload}`), else the text and a note per tool step. */
  hostEvent(event: HostEvent): void {
    if (this.json) return this.event({ type: event.type, ...(event.payload as object) });
    if (event.type === 'text.delta') {
      this.streamedText = true;
      this.#text(event.payload.delta);
    } else if (event.type === 'tool.state') {
      const { callId, tool, state } = event.payload;
      if (this.#tools.get(callId) === state.status) return;
      this.#tools.set(callId, state.status);
      const title = state.title ? ` ${state.title}` : '';
      if (state.status === 'running') this.note(`tool ${tool}${title} …`);
      else if (state.status === 'completed') this.note(`tool ${tool}${title} done`);
      else if (state.status === 'error') this.note(`tool ${tool} failed: ${state.error ?? 'unknown error'}`);
    } else if (event.type === 'session.status' && event.payload.status.type === 'retry') {
      this.note(`the model failed (${event.payload.status.message}); OpenCode retries (attempt ${event.payload.status.attempt})`);
    }
  }

  status(state: string, reason: string | undefined): void {
    if (this.json) this.event({ type: 'runtime.status', state, ...(reason ? { reason } : {}) });
    else if (state === 'restarting' || state === 'failed') this.note(`runtime ${state}${reason ? `: ${reason}` : ''}`);
  }

  note(text: string): void {
    if (this.json) return;
    if (!this.#endsWithNewline) this.io.stderr('\n');
    this.io.stderr(`· ${text}\n`);
  }

  problem(text: string): void {
    if (this.json) this.event({ type: 'run.error', message: text });
    if (!this.#endsWithNewline) this.#text('\n');
    this.io.stderr(`Error: ${text}\n`);
  }

  async finalText(target: RunTarget, sessionId: string): Promise<void> {
    const history = (await target.call('sessions.messages', { sessionId })).messages;
    const last = history.findLast((message) => message.info.role === 'assistant');
    const text = (last?.parts ?? []).flatMap((part) => (part.kind === 'text' ? [part.text] : [])).join('');
    if (text === '') return;
    if (this.json) this.event({ type: 'run.text', text });
    else this.#text(text);
  }

  finish(outcome: PromptOutcome): ExitCode {
    if (!this.#endsWithNewline) this.#text('\n');
    if (outcome.status === 'completed') {
      this.event({ type: 'run.completed', sessionId: outcome.sessionId });
      return ExitCode.Ok;
    }
    this.event({ type: `run.${outcome.status}`, sessionId: outcome.sessionId, error: outcome.error });
    if (!this.json) this.io.stderr(`Error: ${outcome.error.message}\n`);
    return outcome.status === 'aborted' ? ExitCode.Interrupted : ExitCode.Failed;
  }

  #text(text: string): void {
    if (text === '') return;
    this.io.stdout(text);
    this.#endsWithNewline = text.endsWith('\n');
  }
}
