// `open-cowork jobs start|status|output|cancel|cleanup|list|sessions`: isolated session jobs of a
// running host (its jobs.* methods). Every command answers --help and takes --json.
import type { HostResult } from '@open-cowork/contracts';
import { parseCommandArgs } from '../args.js';
import { jsonText } from '../format.js';
import { connectHost, TARGET_HELP, TARGET_OPTIONS } from '../host/connect.js';
import { ExitCode, UsageError, type CliIo } from '../io.js';

const HELP = 'open-cowork jobs --help';

export const JOBS_USAGE = [
  'Usage: open-cowork jobs start <prompt> [--session ID] [--json] [target options]',
  '       open-cowork jobs status <job-id> [--session ID] [--json] [target options]',
  '       open-cowork jobs output <job-id> [--offset BYTES] [--limit BYTES] [--json] [target options]',
  '       open-cowork jobs cancel <job-id> [--session ID] [--json] [target options]',
  '       open-cowork jobs cleanup [--idle-seconds N] [--delete-workspaces] [--json] [target options]',
  '       open-cowork jobs list [--session ID] [--limit N] [--json] [target options]',
  '       open-cowork jobs sessions [--json] [target options]',
  '',
  'Hands work to OpenCode in an isolated session (its own sandboxed server and workspace) on a',
  'running host, and follows it. start answers at once with the job id; --session continues an',
  'earlier session. list shows jobs newest first (default 50). output prints a page of the answer (default the first 64 KiB); continue with',
  '--offset at the next offset it names. cleanup removes idle sessions and stops their servers,',
  'their workspaces only with --delete-workspaces.',
  '',
  ...TARGET_HELP,
  '',
].join('\n');

const COMMON = { ...TARGET_OPTIONS, json: { type: 'boolean' } } as const;
const SESSION = { session: { type: 'string' } } as const;

type Values = Record<string, string | boolean | undefined>;

export async function runJobsCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.stdout(JOBS_USAGE);
    return sub === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  const command = COMMANDS[sub];
  if (command === undefined) throw new UsageError(`Unknown jobs command "${sub}".`, HELP);
  return command(rest, io);
}

const COMMANDS: Readonly<Record<string, (args: readonly string[], io: CliIo) => Promise<ExitCode>>> = {
  start: (args, io) =>
    withHost(args, io, { ...SESSION }, 'the prompt', async (client, values, prompt) => {
      const started = await client.call('jobs.start', { prompt, ...session(values) });
      return [started, `Started ${started.jobId} in session ${started.sessionId}.\n`];
    }),
  status: (args, io) =>
    withHost(args, io, { ...SESSION }, 'the job id', async (client, values, jobId) => {
      const status = await client.call('jobs.status', { jobId, ...session(values) });
      return [status, statusText(status)];
    }),
  output: (args, io) =>
    withHost(args, io, { offset: { type: 'string' }, limit: { type: 'string' } }, 'the job id', async (client, values, jobId) => {
      const offset = whole(values, 'offset', 0);
      const limit = whole(values, 'limit', 1);
      const page = await client.call('jobs.output', { jobId, ...(offset !== undefined ? { offset } : {}), ...(limit !== undefined ? { limit } : {}) });
      const more = page.hasMore ? `\n[more output: continue with --offset ${page.nextOffset}]\n` : '';
      return [page, `${page.content}${more}`];
    }),
  cancel: (args, io) =>
    withHost(args, io, { ...SESSION }, 'the job id', async (client, values, jobId) => {
      const status = await client.call('jobs.cancel', { jobId, ...session(values) });
      return [status, statusText(status)];
    }),
  cleanup: (args, io) =>
    withHost(args, io, { 'idle-seconds': { type: 'string' }, 'delete-workspaces': { type: 'boolean' } }, undefined, async (client, values) => {
      const idleSeconds = whole(values, 'idle-seconds', 0);
      const report = await client.call('jobs.cleanup', { ...(idleSeconds !== undefined ? { idleSeconds } : {}), ...(values['delete-workspaces'] === true ? { deleteWorkspaces: true } : {}) });
      const removed = report.removedSessions.length === 0 ? 'No idle sessions.\n' : `Removed ${report.removedSessions.join(', ')}${report.deletedWorkspaces.length > 0 ? ' (workspaces deleted)' : ''}.\n`;
      return [report, removed];
    }),
  list: (args, io) =>
    withHost(args, io, { ...SESSION, limit: { type: 'string' } }, undefined, async (client, values) => {
      const limit = whole(values, 'limit', 1);
      const { jobs } = await client.call('jobs.list', { ...session(values), ...(limit !== undefined ? { limit } : {}) });
      const lines = jobs.map((j) => `${j.jobId}  ${j.status}${j.exitReason && j.exitReason !== 'completed' ? ` (${j.exitReason})` : ''}  session ${j.sessionId}  ${j.elapsedSeconds}s  ${j.outputSize} bytes\n`);
      return [{ jobs }, jobs.length === 0 ? 'No jobs.\n' : lines.join('')];
    }),
  sessions: (args, io) =>
    withHost(args, io, {}, undefined, async (client) => {
      const { sessions } = await client.call('jobs.sessions', {});
      const lines = sessions.map((s) => `${s.sessionId}  ${s.serverHealth}  ${s.jobCount} job${s.jobCount === 1 ? '' : 's'}  idle ${s.lastActivitySecondsAgo}s${s.activeJob ? `  running ${s.activeJob.jobId}` : ''}\n`);
      return [{ sessions }, sessions.length === 0 ? 'No sessions.\n' : lines.join('')];
    }),
};

type Work = (client: NonNullable<Awaited<ReturnType<typeof connectHost>>>, values: Values, positional: string) => Promise<[unknown, string]>;

/** Parses the options (one positional named `needs`, or none), connects, runs, and prints JSON or text. */
async function withHost(args: readonly string[], io: CliIo, options: Record<string, { type: 'string' | 'boolean' }>, needs: string | undefined, work: Work): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(args, { ...COMMON, ...options }, HELP, needs === undefined ? 0 : 1);
  if (values['help'] === true) {
    io.stdout(JOBS_USAGE);
    return ExitCode.Ok;
  }
  const positional = positionals[0] ?? '';
  if (needs !== undefined && positional.trim() === '') throw new UsageError(`Missing ${needs}.`, HELP);
  const client = await connectHost(io, values, HELP);
  if (!client) return ExitCode.Failed;
  const [result, text] = await work(client, values, positional);
  io.stdout(values['json'] === true ? jsonText(result) : text);
  return ExitCode.Ok;
}

function session(values: Values): { sessionId?: string } {
  return typeof values['session'] === 'string' ? { sessionId: values['session'] } : {};
}

/** A whole-number option of at least `min`, or undefined when absent; anything else is a usage error. */
function whole(values: Values, name: string, min: number): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min) throw new UsageError(`--${name}: a whole number of at least ${min} is required, not "${String(raw)}".`, HELP);
  return value;
}

function statusText(status: HostResult<'jobs.status'>): string {
  return [
    `${status.jobId}  ${status.status}${status.exitReason ? ` (${status.exitReason})` : ''}`,
    `session   ${status.sessionId}`,
    `elapsed   ${status.elapsedSeconds}s, ${status.outputSize} bytes of output, ${status.activityState}`,
    ...(status.error ? [`error     ${status.error}`] : []),
    ...(status.tailOutput ? ['', status.tailOutput] : []),
    '',
  ].join('\n');
}
