// `open-cowork status`: is a host running, and is its runtime healthy? Honest when nothing runs.
import { runningRunner } from '@open-cowork/host';
import { parseCommandArgs } from '../args.js';
import { resolveDataDir, withDataDir } from '../host/data-dir.js';
import { HostClient } from '../host/host-client.js';
import { runningHost } from '../host/host-record.js';
import { resolveTarget } from '../host/target.js';
import { jsonText } from '../format.js';
import { ExitCode, type CliIo } from '../io.js';

const HELP = 'open-cowork status --help';

export const STATUS_USAGE = [
  'Usage: open-cowork status [--url URL --token TOKEN] [--data-dir DIR] [--json]',
  '',
  'Shows whether a host is running, the state of its runtime and the sandbox it runs in, and',
  'which gateway a runner of this data dir serves (open-cowork runner). Without --url and --token',
  '(or OPEN_COWORK_HOST_URL and OPEN_COWORK_HOST_TOKEN) it asks the host recorded in the data dir.',
  '',
  'Exit status: 0 host and runtime healthy, 1 not running or unhealthy, 2 usage error.',
  '',
].join('\n');

export async function runStatusCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseCommandArgs(args, { url: { type: 'string' }, token: { type: 'string' }, 'data-dir': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, HELP, 0);
  if (values['help'] === true) {
    io.stdout(STATUS_USAGE);
    return ExitCode.Ok;
  }
  const json = values['json'] === true;
  const hostIo = withDataDir(io, values['data-dir'] as string | undefined);
  const dataDir = resolveDataDir(hostIo);
  const target = await resolveTarget(hostIo, { url: values['url'] as string | undefined, token: values['token'] as string | undefined }, dataDir, HELP);
  const runner = await runningRunner(dataDir);
  const runnerView = runner === undefined ? undefined : { pid: runner.pid, gateway: runner.gateway, workspaces: runner.workspaces, host: runner.host, startedAt: runner.startedAt };
  if (!target) {
    if (json) io.stdout(jsonText({ running: false, dataDir, ...(runnerView ? { runner: runnerView } : {}) }));
    else io.stdout(`No host is running for ${dataDir}.\n${runnerLine(runnerView)}`);
    return ExitCode.Failed;
  }
  const record = await runningHost(dataDir);
  const client = new HostClient(target, 10_000);
  const healthy = await client.healthy();
  let runtime: unknown;
  let problem: string | undefined;
  if (healthy) {
    try {
      runtime = await client.call('runtime.status', {});
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
  } else {
    problem = `the host at ${target.url} does not answer`;
  }
  const state = (runtime as { state?: string } | undefined)?.state;
  if (json) {
    io.stdout(jsonText({ running: healthy, url: target.url, ...(record ? { pid: record.pid, runId: record.runId, startedAt: record.startedAt, workspaces: record.workspaces } : {}), runtime: runtime ?? null, ...(runnerView ? { runner: runnerView } : {}), ...(problem ? { problem } : {}) }));
  } else {
    io.stdout(`Host      ${healthy ? 'running' : 'not answering'} at ${target.url}${record ? ` (pid ${record.pid})` : ''}\n`);
    io.stdout(`Runtime   ${state ?? 'unknown'}${describe(runtime)}\n`);
    const sandbox = (runtime as { sandbox?: { description: string; reason?: string } } | undefined)?.sandbox;
    if (sandbox) io.stdout(`Sandbox   ${sandbox.description}${sandbox.reason ? ` (${sandbox.reason})` : ''}\n`);
    if (record) io.stdout(`Workspace ${record.workspaces.join(', ')}\n`);
    io.stdout(runnerLine(runnerView));
    if (problem) io.stderr(`Problem: ${problem}\n`);
  }
  return healthy && state === 'ready' ? ExitCode.Ok : ExitCode.Failed;
}

/** Which gateway this data dir's runner serves, if one runs. */
function runnerLine(runner: { pid: number; gateway: string; workspaces: Readonly<Record<string, string>> } | undefined): string {
  if (runner === undefined) return '';
  return `Runner    serving ${runner.gateway} for ${Object.entries(runner.workspaces).map(([label, dir]) => `${label}=${dir}`).join(', ')} (pid ${runner.pid})\n`;
}

function describe(runtime: unknown): string {
  const status = runtime as { version?: string; reason?: string } | undefined;
  if (status?.reason) return ` (${status.reason})`;
  if (status?.version) return ` (OpenCode ${status.version})`;
  return '';
}
