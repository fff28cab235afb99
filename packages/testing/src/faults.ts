// The failure modes a script can ask for: HTTP errors (retryable or not), a stream cut mid-way,
// and a stall.

import type { ServerResponse } from 'node:http';
import { completionJson, contentChunks, type CompletionMeta } from './completion.js';
import { sendError } from './http-json.js';
import type { Fault } from './script.js';
import { isOpen, startSse, writeEvents } from './sse.js';

const PARTIAL_TEXT = 'This scripted answer stops before it is complete, as if the connection dropped';

export interface FaultContext {
  readonly res: ServerResponse;
  readonly stream: boolean;
  readonly meta: CompletionMeta;
  readonly paceMs: number;
  /** Aborted when the server closes. */
  readonly signal: AbortSignal;
}

/** Plays a fault; resolves once the response is finished, destroyed or (for a stall) closed. */
export async function playFault(fault: Fault, context: FaultContext): Promise<void> {
  const { res } = context;
  switch (fault.type) {
    case 'server-error':
      sendError(res, 500, {
        message: fault.message ?? 'The scripted model failed on purpose (fault "server-error").',
        type: 'server_error',
        code: 'scripted_server_error',
      });
      return;
    case 'bad-request':
      sendError(res, 400, {
        message: fault.message ?? 'The scripted model refused the request on purpose (fault "bad-request").',
        type: 'invalid_request_error',
        code: 'scripted_bad_request',
      });
      return;
    case 'rate-limit': {
      const seconds = fault.retryAfterSeconds ?? 1;
      sendError(
        res,
        429,
        {
          message: fault.message ?? `Rate limit reached (fault "rate-limit"); retry after ${seconds}s.`,
          type: 'rate_limit_error',
          code: 'rate_limit_exceeded',
        },
        { 'retry-after': String(seconds) },
      );
      return;
    }
    case 'cut':
      await sendPartial(context, fault.text ?? PARTIAL_TEXT, fault.afterChunks ?? 2);
      // Destroying without the terminating chunk makes the client see a broken body, not an end.
      res.destroy();
      return;
    case 'stall':
      await sendPartial(context, fault.text ?? PARTIAL_TEXT, fault.afterChunks ?? 1);
      await untilClosed(res);
      return;
  }
}

async function sendPartial(context: FaultContext, text: string, count: number): Promise<void> {
  const { res, meta, stream } = context;
  if (stream) {
    startSse(res);
    const chunks = contentChunks(meta, { text }).slice(0, Math.max(0, count));
    await writeEvents(res, chunks, context.paceMs, context.signal);
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.flushHeaders();
  if (count > 0) {
    const body = JSON.stringify(completionJson(meta, { text }));
    await new Promise<void>((resolve) => res.write(body.slice(0, Math.ceil(body.length / 2)), () => resolve()));
  }
}

function untilClosed(res: ServerResponse): Promise<void> {
  if (!isOpen(res) || res.socket === null || res.socket.destroyed) return Promise.resolve();
  return new Promise((resolve) => res.once('close', () => resolve()));
}
