// The running host a remote-control command (approvals, jobs) talks to: --url/--token (or
// their variables), else the host recorded in the data dir.
import type { CliIo } from '../io.js';
import { resolveDataDir, withDataDir } from './data-dir.js';
import { HostClient } from './host-client.js';
import { resolveTarget } from './target.js';

export const TARGET_OPTIONS = { url: { type: 'string' }, token: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

export const TARGET_HELP = ['Target options: --url URL --token TOKEN (or OPEN_COWORK_HOST_URL / OPEN_COWORK_HOST_TOKEN),', 'else the host recorded in --data-dir DIR.'];

/** A client for the target host, or undefined (after saying why on stderr) when none runs. */
export async function connectHost(io: CliIo, values: Record<string, unknown>, helpCommand: string): Promise<HostClient | undefined> {
  const hostIo = withDataDir(io, values['data-dir'] as string | undefined);
  const dataDir = resolveDataDir(hostIo);
  const target = await resolveTarget(hostIo, { url: values['url'] as string | undefined, token: values['token'] as string | undefined }, dataDir, helpCommand);
  if (!target) io.stderr(`Error: no host is running for ${dataDir}; start one or pass --url and --token.\n`);
  return target ? new HostClient(target) : undefined;
}
