// The two custom protocols: app://open-cowork/ serves the built renderer
// (packages/app/dist), open-cowork-brand://brand/ serves images from the branding folders.
// Each serves files from its own folders only: every path segment is decoded and checked,
// and the file's real path (symlinks resolved) must still lie inside the folder.
// fs.promises, looked up on each call: Electron patches these functions in place so they read
// inside app.asar, where the renderer lives in a packaged build.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { contentTypeOf, imageTypeOf } from '@open-cowork/host';
import { APP_HOST, APP_SCHEME, BRAND_HOST, BRAND_SCHEME, SECURITY_HEADERS } from './origin.js';
import type { Disposer, ProtocolHandler, ProtocolPort } from './ports.js';

/** An SVG opened on its own must not run script or load anything. */
const BRAND_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Resource-Policy': 'same-site',
};

/**
 * The file a URL path names under `root`, or undefined when it names nothing there: empty,
 * "." and ".." segments, encoded slashes or backslashes, NUL bytes and anything whose real
 * path leaves `root` (a symlink pointing out) are all refused.
 */
export async function resolveInside(root: string, urlPath: string): Promise<string | undefined> {
  const segments: string[] = [];
  for (const raw of urlPath.split('/').slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) return undefined;
    segments.push(segment);
  }
  if (segments.length === 0) return undefined;
  let realRoot: string;
  let file: string;
  try {
    realRoot = await fsp.realpath(root);
    file = await fsp.realpath(path.join(realRoot, ...segments));
  } catch {
    return undefined;
  }
  const rel = path.relative(realRoot, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  try {
    return (await fsp.stat(file)).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

function respond(status: number, body: Uint8Array | string, headers: Readonly<Record<string, string>>): Response {
  return new Response(typeof body === 'string' ? body : new Uint8Array(body), { status, headers: { ...headers } });
}

function notFound(headers: Readonly<Record<string, string>>): Response {
  return respond(404, 'Not found', { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
}

/** Shown when the renderer was never built, so the window explains itself instead of staying blank. */
const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Open Cowork</title></head>
<body><h1>The app's interface is not built</h1>
<p>Build it with <code>npm run build:app</code> (or <code>npm run desktop</code>, which does) and reload.</p></body></html>
`;

/**
 * Serves `rendererDir` at app://open-cowork/. "/" and extension-less paths (the renderer's
 * own routes) answer index.html; a missing asset is a 404. Every answer carries the CSP.
 */
export function rendererProtocol(rendererDir: string): ProtocolHandler {
  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return notFound(SECURITY_HEADERS);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return respond(405, 'Method not allowed', { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', Allow: 'GET, HEAD' });
    }
    const wantsPage = url.pathname === '/' || path.posix.extname(url.pathname) === '';
    let file = url.pathname === '/' ? undefined : await resolveInside(rendererDir, url.pathname);
    if (file === undefined && wantsPage) file = await resolveInside(rendererDir, '/index.html');
    if (file === undefined) {
      return wantsPage ? respond(200, NOT_BUILT_PAGE, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8' }) : notFound(SECURITY_HEADERS);
    }
    const type = contentTypeOf(file) ?? 'application/octet-stream';
    return respond(200, await fsp.readFile(file), { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-cache' });
  };
}

/**
 * Serves images at open-cowork-brand://brand/<path> from the first of `roots` holding
 * them (a downstream build's branding folder before the upstream one). Only image types.
 */
export function brandProtocol(roots: readonly string[]): ProtocolHandler {
  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== BRAND_HOST || (request.method !== 'GET' && request.method !== 'HEAD')) return notFound(BRAND_HEADERS);
    const type = imageTypeOf(url.pathname);
    if (type === undefined) return notFound(BRAND_HEADERS);
    for (const root of roots) {
      const file = await resolveInside(root, url.pathname);
      if (file !== undefined && imageTypeOf(file) === type) {
        return respond(200, await fsp.readFile(file), { ...BRAND_HEADERS, 'Content-Type': type });
      }
    }
    return notFound(BRAND_HEADERS);
  };
}

/** Serves both protocols until the returned disposer runs. */
export function registerProtocols(protocol: ProtocolPort, options: { readonly rendererDir: string; readonly brandRoots: readonly string[] }): Disposer {
  protocol.handle(APP_SCHEME, rendererProtocol(options.rendererDir));
  protocol.handle(BRAND_SCHEME, brandProtocol(options.brandRoots));
  let registered = true;
  return () => {
    if (!registered) return;
    registered = false;
    protocol.unhandle(APP_SCHEME);
    protocol.unhandle(BRAND_SCHEME);
  };
}
