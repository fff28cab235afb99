// app.runner: which gateway a runner of this data dir serves, from the record the runner keeps
// there (the one `open-cowork status` reads). The record never holds the runner's token; the
// gateway URL is shown without any credentials it might carry.
import type { RunnerInfo } from '@open-cowork/contracts';
import type { HandlersFor } from '../dispatch/handlers.js';
import { runningRunner, type RunnerRecord } from './record.js';

export function runnerHandlers(options: { readonly dataDir: string }): HandlersFor<'app.runner'> {
  return {
    'app.runner': async () => {
      const record = await runningRunner(options.dataDir);
      return record === undefined ? { running: false } : runnerInfo(record);
    },
  };
}

export function runnerInfo(record: RunnerRecord): RunnerInfo {
  return {
    running: true,
    gateway: withoutCredentials(record.gateway),
    workspaces: Object.entries(record.workspaces).map(([label, folder]) => ({ label, path: folder })),
    host: withoutCredentials(record.host),
    pid: record.pid,
    since: record.startedAt,
  };
}

/** A URL without user name, password, query or fragment; anything that is not a URL as it is. */
function withoutCredentials(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
}
