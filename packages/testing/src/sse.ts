// Server-sent events on a Node response: `data: <json>\n\n` per event, paced, stopping
// quietly when the client goes away or the server shuts down.

import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export const DONE = '[DONE]';

export function startSse(res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.flushHeaders();
}

export const isOpen = (res: ServerResponse): boolean => !res.destroyed && !res.writableEnded;

/** Writes one event and waits until it is flushed; false when the response is gone. */
export function writeEvent(res: ServerResponse, data: object | typeof DONE): Promise<boolean> {
  if (!isOpen(res)) return Promise.resolve(false);
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  return new Promise((resolve) => {
    res.write(`data: ${payload}\n\n`, (error) => resolve(!error));
  });
}

/** Writes events with `paceMs` between them; false when the response closed or `signal` aborted first. */
export async function writeEvents(
  res: ServerResponse,
  events: readonly (object | typeof DONE)[],
  paceMs: number,
  signal: AbortSignal,
): Promise<boolean> {
  for (const [index, event] of events.entries()) {
    if (index > 0 && paceMs > 0) {
      try {
        await sleep(paceMs, undefined, { signal });
      } catch {
        return false;
      }
    }
    if (signal.aborted || !(await writeEvent(res, event))) return false;
  }
  return true;
}
