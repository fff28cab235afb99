// Where a remote-control command finds its host: --url/--token, else the environment,
// else the record a host left in the local data dir.
import { UsageError, type CliIo } from '../io.js';
import type { HostTarget } from './host-client.js';
import { runningHost } from './host-record.js';

export const URL_ENV = 'OPEN_COWORK_HOST_URL';
export const TOKEN_ENV = 'OPEN_COWORK_HOST_TOKEN';

export async function resolveTarget(
  io: CliIo,
  flags: { url?: string | undefined; token?: string | undefined },
  dataDir: string,
  help: string,
): Promise<HostTarget | undefined> {
  const url = flags.url ?? io.env[URL_ENV];
  const token = flags.token ?? io.env[TOKEN_ENV];
  if (url !== undefined || token !== undefined) {
    if (!url || !token) throw new UsageError(`Give both the host URL and its token (--url and --token, or ${URL_ENV} and ${TOKEN_ENV}).`, help);
    if (!/^https?:\/\/[^\s]+$/.test(url)) throw new UsageError(`--url must be an http(s) URL; got "${url}".`, help);
    return { url: url.replace(/\/+$/, ''), token };
  }
  const record = await runningHost(dataDir);
  return record ? { url: record.url, token: record.token } : undefined;
}
