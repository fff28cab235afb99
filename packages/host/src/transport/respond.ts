import type { ServerResponse } from 'node:http';
import type { ErrorEnvelope } from '@open-cowork/contracts';

/** The renderer's Content-Security-Policy: no inline code, no foreign origins, no framing. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

/** Sent on every response, whatever its type. */
export function setBaseHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

export function setHtmlHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  // API answers are per-user state: never let a cache keep them.
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}

export function sendError(
  res: ServerResponse,
  status: number,
  error: ErrorEnvelope,
  headers: Readonly<Record<string, string>> = {},
): void {
  sendJson(res, status, { error }, headers);
}
