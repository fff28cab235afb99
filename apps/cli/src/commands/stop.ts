// `open-cowork stop`: stops the host recorded in the data dir (SIGTERM, then waits).
import { parseCommandArgs } from '../args.js';
import { resolveDataDir, withDataDir } from '../host/data-dir.js';
import { isRecordedProcess } from '@open-cowork/host';
import { removeHostRecord, runningHost } from '../host/host-record.js';
import { ExitCode, type CliIo } from '../io.js';

const HELP = 'open-cowork stop --help';

export const STOP_USAGE = [
  'Usage: open-cowork stop [--data-dir DIR]',
  '',
  'Stops the host running for this data dir (started with "open-cowork start --detach" or in',
  'another terminal): it stops its runtime and closes its API.',
  '',
  'Exit status: 0 stopped, 1 nothing was running or it did not stop, 2 usage error.',
  '',
].join('\n');

export async function runStopCommand(args: readonly string[], io: CliIo, graceMs = 20_000): Promise<ExitCode> {
  const { values } = parseCommandArgs(args, { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } }, HELP, 0);
  if (values['help'] === true) {
    io.stdout(STOP_USAGE);
    return ExitCode.Ok;
  }
  const dataDir = resolveDataDir(withDataDir(io, values['data-dir'] as string | undefined));
  // Only a process proven to be the recorded host (same PID, start time and command line) is signalled.
  const record = await runningHost(dataDir);
  if (!record) {
    io.stdout(`No host is running for ${dataDir}.\n`);
    return ExitCode.Failed;
  }
  process.kill(record.pid, 'SIGTERM');
  const started = Date.now();
  while (await isRecordedProcess(record)) {
    if (Date.now() - started > graceMs) {
      io.stderr(`Error: the host (pid ${record.pid}) did not stop within ${graceMs / 1000} s.\n`);
      return ExitCode.Failed;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await removeHostRecord(dataDir);
  io.stdout(`Stopped the host (pid ${record.pid}).\n`);
  return ExitCode.Ok;
}
