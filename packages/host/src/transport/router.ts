import type { IncomingMessage, ServerResponse } from 'node:http';
import { TransportErrorCode, toErrorResponse } from './errors.js';
import type { MethodTable, RequestContext, ValidationIssue, ValidationOutcome } from './method-table.js';
import { sendError, sendJson } from './respond.js';

export interface ApiRouterOptions {
  readonly methods: MethodTable;
  /** Largest accepted request body. */
  readonly maxBodyBytes: number;
  /** Status overrides per error code (see statusOfCode). */
  readonly errorStatus: Readonly<Record<string, number>>;
  /** Told about every failure answered with a 500, with the original error (stack included). */
  readonly onError: (error: unknown, method: string) => void;
}

const METHOD_NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,127}$/;

/** Answers `POST /api/<name>`: read, parse, validate, dispatch, serialize. */
export async function handleMethodCall(
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
  options: ApiRouterOptions,
): Promise<void> {
  const entry = METHOD_NAME.test(name) && Object.hasOwn(options.methods, name) ? options.methods[name] : undefined;
  if (entry === undefined) {
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
      { code: TransportErrorCode.PayloadTooLarge, message: `Request body exceeds ${options.maxBodyBytes} bytes` },
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
      sendBadRequest(res, [{ pointer: '', message: 'Request body is not valid JSON' }]);
      return;
    }
  }

  const issues = asIssues(entry.validate(params));
  if (issues.length > 0) {
    sendBadRequest(res, issues);
    return;
  }

  const abort = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  const ctx: RequestContext = {
    method: name,
    remoteAddress: req.socket.remoteAddress ?? '',
    headers: req.headers,
    signal: abort.signal,
  };

  try {
    const result = (await entry.handle(params, ctx)) ?? null;
    const [resultIssue] = asIssues(entry.validateResult?.(result));
    if (resultIssue !== undefined) {
      throw new Error(`Result of ${name} does not match its schema at "${resultIssue.pointer}": ${resultIssue.message}`);
    }
    if (abort.signal.aborted) return;
    sendJson(res, 200, { result });
  } catch (error) {
    const { status, envelope } = toErrorResponse(error, options.errorStatus);
    if (status === 500) options.onError(error, name);
    if (abort.signal.aborted) return;
    sendError(res, status, envelope);
  }
}

function asIssues(outcome: ValidationOutcome): readonly ValidationIssue[] {
  if (outcome === undefined) return [];
  return Array.isArray(outcome) ? outcome : [outcome as ValidationIssue];
}

/** 400 in the contract's shape: the first issue's message and pointer, and every issue. */
function sendBadRequest(res: ServerResponse, issues: readonly ValidationIssue[]): void {
  const [first] = issues;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  sendError(res, 400, {
    code: TransportErrorCode.BadRequest,
    message: `${first?.message ?? 'params are invalid'}${more}`,
    data: { pointer: first?.pointer ?? '', issues },
  });
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

