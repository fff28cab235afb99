// What the session enforces for every page it shows: the app's CSP on every response of the
// app's origin, and no permission prompts (camera, location, notifications, …) at all.
import { isAppUrl, SECURITY_HEADERS } from './origin.js';
import type { HeadersReceivedDetails, HeadersReceivedResponse, SessionPort } from './ports.js';

/** Permissions the renderer may have: writing to the clipboard (copy buttons). Everything else is refused. */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function registerSessionSecurity(session: SessionPort): void {
  session.onHeadersReceived(withSecurityHeaders);
  session.setPermissionRequestHandler((permission, callback) => callback(ALLOWED_PERMISSIONS.has(permission)));
}

/**
 * The CSP (and its companions) on every response from the app's origin, replacing any
 * policy the response brought. The renderer protocol sets them itself; this also covers
 * whatever else the session serves for that origin.
 */
export function withSecurityHeaders(details: HeadersReceivedDetails, callback: (response: HeadersReceivedResponse) => void): void {
  if (!isAppUrl(details.url)) {
    callback({});
    return;
  }
  const names = new Set(Object.keys(SECURITY_HEADERS).map((name) => name.toLowerCase()));
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
    if (!names.has(name.toLowerCase())) headers[name] = [...value];
  }
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers[name] = [value];
  callback({ responseHeaders: headers });
}
