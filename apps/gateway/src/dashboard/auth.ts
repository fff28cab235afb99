// How the admin token reaches a browser without ever being in a URL: the operator types it once
// into the sign-in form (a POST body, never logged), and the browser gets a random session cookie
// instead — HttpOnly, SameSite=Strict, limited to /dashboard, Secure unless the gateway listens on
// loopback. The store keeps only the cookie's SHA-256 (so the sign-in works on every replica) and
// a CSRF token that every state-changing form must carry. Scripts (curl) may use the admin token
// as a bearer header instead; such requests carry no ambient credential and need no CSRF token.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Queryable } from '../store/db.js';

export const COOKIE = 'ocgw_dashboard';

export interface DashboardSession {
  readonly csrf: string;
}

const hash = (value: string): string => createHash('sha256').update(value).digest('hex');

export function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** Stores a new sign-in; returns the cookie value (shown to the browser only). */
export async function createSession(q: Queryable, minutes: number): Promise<{ readonly cookie: string; readonly csrf: string }> {
  const cookie = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  await q.query('insert into gateway_dashboard_sessions (id_hash, csrf_token, expires_at) values ($1, $2, now() + make_interval(mins => $3))', [hash(cookie), csrf, minutes]);
  return { cookie, csrf };
}

export async function findSession(q: Queryable, cookie: string | undefined): Promise<DashboardSession | undefined> {
  if (cookie === undefined || !/^[A-Za-z0-9_-]{43}$/.test(cookie)) return undefined;
  const rows = await q.query<{ csrf_token: string }>('select csrf_token from gateway_dashboard_sessions where id_hash = $1 and expires_at > now()', [hash(cookie)]);
  return rows[0] === undefined ? undefined : { csrf: rows[0].csrf_token };
}

export async function deleteSession(q: Queryable, cookie: string | undefined): Promise<void> {
  if (cookie !== undefined) await q.query('delete from gateway_dashboard_sessions where id_hash = $1', [hash(cookie)]);
}

export function sameToken(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(hash(presented));
  const b = Buffer.from(hash(expected));
  return timingSafeEqual(a, b);
}

export function sessionCookie(value: string, minutes: number, secure: boolean): string {
  return `${COOKIE}=${value}; Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age=${minutes * 60}${secure ? '; Secure' : ''}`;
}

export function clearedCookie(secure: boolean): string {
  return `${COOKIE}=; Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}

/**
 * A browser's POST must come from the dashboard itself: an Origin (or, failing that, Referer)
 * naming this host. Browsers send Origin on every cross-site POST, so a forged form fails here
 * even before the CSRF token is compared. (The pages use Referrer-Policy same-origin: with
 * no-referrer a browser sends "Origin: null" even for its own forms.)
 */
export function sameOrigin(req: IncomingMessage): boolean {
  const host = req.headers.host;
  const origin = req.headers.origin ?? req.headers.referer;
  if (host === undefined || origin === undefined || origin === 'null') return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
