// JSON responses, and errors in OpenAI's `{ error: { message, type, param, code } }` shape.

import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export interface OpenAiError {
  readonly message: string;
  readonly type: string;
  readonly code: string;
}

export function errorBody(error: OpenAiError): { error: OpenAiError & { param: null } } {
  return { error: { message: error.message, type: error.type, param: null, code: error.code } };
}

export function sendError(res: ServerResponse, status: number, error: OpenAiError, headers: OutgoingHttpHeaders = {}): void {
  sendJson(res, status, errorBody(error), headers);
}
