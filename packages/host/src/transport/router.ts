import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, type CallDispatcher } from '../dispatch/index.js';
import { statusOfCode, TransportErrorCode } from './errors.js';
import { sendError, sendJson } from './respond.js';

export interface ApiRouterOptions {
  readonly dispatcher: CallDispatcher;
  /** Largest accepted request body. */
  readonly maxBodyBytes: number;
  /** Status overrides per error code (see statusOfCode). */
  readonly errorStatus: Readonly<Record<string, number>>;
  /** Told about every failure answered with a 500, with the original error (stack included). */
  readonly onError: (error: unknown, method: string) => void;
}

/** Answers `POST /api/<name>`: read and parse the body, hand it to the dispatcher, encode its reply. */
export async function handleMethodCall(
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
  options: ApiRouterOptions,
): Promise<void> {
  if (!options.dispatcher.has(name)) {
    const method = name.slice(0, 128);
    sendError(res, 404, { code: TransportErrorCode.MethodNotFound, message: `Unknown method: ${method}`, data: { method } });
    return;
  }

  const body = await readBody(req, options.maxBodyBytes);
  if (body === 'too-large') {
    // Closing the connection stops the client from streaming the rest of an oversized body.
    sendError(
      res,
      413,
      { code: TransportErrorCode.PayloadTooLarge, message: `Request body exceeds ${options.maxBodyBytes} bytes`, data: { limitBytes: options.maxBodyBytes } },
      { Connection: 'close' },
    );
    return;
  }
  if (body === 'aborted') return;

  let params: unknown = {};
  const text = body.toString('utf8');
  if (text.trim() !== '') {
    try {
      params = JSON.parse(text);
    } catch {
      sendError(res, 400, badRequest([{ pointer: '', message: 'Request body is not valid JSON' }]));
      return;
    }
  }

  const abort = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  const caller = { transport: 'http', remoteAddress: req.socket.remoteAddress ?? '', headers: req.headers } as const;
  const reply = await options.dispatcher.dispatch(name, params, caller, abort.signal);
  if (reply.ok) {
    if (!abort.signal.aborted) sendJson(res, 200, { result: reply.result });
    return;
  }
  const status = statusOfCode(reply.error.code, options.errorStatus);
  if (status === 500 && reply.cause !== undefined) options.onError(reply.cause, name);
  if (abort.signal.aborted) return;
  sendError(res, status, reply.error);
}

/** The whole body, or why there is none; never more than `limit` bytes in memory. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large' | 'aborted'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve('too-large');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (outcome: Buffer | 'too-large' | 'aborted'): void => {
      req.off('data', onData).off('end', onEnd).off('error', onAbort).off('close', onAbort);
      resolve(outcome);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        finish('too-large');
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish(Buffer.concat(chunks, size));
    const onAbort = (): void => finish('aborted');
    // 'close' before 'end' means the client went away mid-body.
    req.on('data', onData).on('end', onEnd).on('error', onAbort).on('close', onAbort);
  });
}

