import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { contentTypeOf } from '../content-types.js';
import { setHtmlHeaders } from './respond.js';

export interface StaticSiteOptions {
  /** Directory of the built renderer. Unset serves a placeholder page. */
  readonly root?: string;
  /** Product name shown on the placeholder page. */
  readonly appName: string;
}

/**
 * Serves the renderer's files for GET/HEAD outside /api. Paths that name no file and have
 * no extension are client-side routes and get index.html; a missing asset (`/x.js`) is a
 * 404, so a broken build shows up as such instead of as HTML parsed as script. Hidden
 * files and anything resolving outside the root (`..`, symlinks) are never served.
 */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, url: URL, options: StaticSiteOptions): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
    return;
  }
  const segments = safeSegments(url.pathname);
  if (segments === undefined) {
    sendText(res, 404, 'Not found');
    return;
  }
  const last = segments.at(-1) ?? '';
  const isRoute = path.extname(last) === '';

  if (options.root === undefined) {
    if (isRoute) sendPlaceholder(req, res, options.appName);
    else sendText(res, 404, 'Not found');
    return;
  }

  const root = await realpath(options.root).catch(() => undefined);
  if (root === undefined) {
    sendText(res, 404, 'Not found');
    return;
  }
  const file =
    (await resolveFile(root, segments)) ?? (isRoute ? await resolveFile(root, ['index.html']) : undefined);
  if (file === undefined) {
    sendText(res, 404, 'Not found');
    return;
  }
  sendFile(req, res, file.path, file.size, file.mtimeMs);
}

/** Decoded path segments, or undefined for anything that tries to leave the root or reach hidden files. */
function safeSegments(pathname: string): string[] | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment.startsWith('.'))) return undefined;
  return segments;
}

interface ResolvedFile {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

async function resolveFile(root: string, segments: readonly string[]): Promise<ResolvedFile | undefined> {
  let candidate = path.join(root, ...segments);
  let info = await stat(candidate).catch(() => undefined);
  if (info?.isDirectory() === true) {
    candidate = path.join(candidate, 'index.html');
    info = await stat(candidate).catch(() => undefined);
  }
  if (info === undefined || !info.isFile()) return undefined;
  // Symlinks are followed only when their target is inside the root as well.
  const real = await realpath(candidate).catch(() => undefined);
  if (real === undefined || !isInside(root, real)) return undefined;
  return { path: real, size: info.size, mtimeMs: info.mtimeMs };
}

function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && relative.split(path.sep)[0] !== '..' && !path.isAbsolute(relative);
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: string, size: number, mtimeMs: number): void {
  const extension = path.extname(file).toLowerCase();
  const type = contentTypeOf(file) ?? 'application/octet-stream';
  const etag = `W/"${size.toString(16)}-${Math.trunc(mtimeMs).toString(16)}"`;
  if (extension === '.html') setHtmlHeaders(res);
  res.setHeader('Content-Type', type);
  // Revalidate every time: a rebuilt renderer must show up on reload.
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('ETag', etag);
  if (req.headers['if-none-match'] === etag) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.setHeader('Content-Length', size);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

function sendPlaceholder(req: IncomingMessage, res: ServerResponse, appName: string): void {
  const name = escapeHtml(appName);
  const html =
    `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${name}</title></head>\n` +
    `<body><main><h1>${name} is running</h1>` +
    '<p>The user interface has not been built yet. The host API is available under <code>/api</code>.</p>' +
    '</main></body>\n</html>\n';
  setHtmlHeaders(res);
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Content-Length', Buffer.byteLength(html));
  res.end(req.method === 'HEAD' ? undefined : html);
}

function sendText(res: ServerResponse, status: number, text: string, headers: Readonly<Record<string, string>> = {}): void {
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}
