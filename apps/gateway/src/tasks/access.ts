// Who is calling the Task API and the runner protocol, and reading their JSON bodies.
// `Authorization: Bearer <token>`: the admin token (compared in constant time), or a submitter
// or runner token (credentials.ts). A missing or wrong credential is 401 (and counts toward the
// source's rate limit); a valid one used where its kind may not go is 403 and audited.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayErrorCode } from '../errors.js';
import { fail, readBody } from '../http/respond.js';
import { AuditType, recordAudit } from '../store/audit.js';
import type { GatewayContext } from '../work/context.js';
import { actorOf, principalOf, verifyCredential, type Principal } from './credentials.js';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

export interface TaskAccess {
  readonly ctx: GatewayContext;
  readonly verifyAdmin: (token: string) => boolean;
  /** 401 (or 429 for a source that keeps failing). */
  readonly refuse: (res: ServerResponse, source: string, message: string) => void;
  /** Aborted when the server stops: long polls answer at once. */
  readonly stopping: AbortSignal;
}

/** The caller, or undefined after a 401 was sent. */
export async function authenticate(access: TaskAccess, req: IncomingMessage, res: ServerResponse, source: string): Promise<Principal | undefined> {
  const header = req.headers.authorization;
  const token = header === undefined ? undefined : BEARER.exec(header)?.[1];
  if (token === undefined) {
    access.refuse(res, source, 'This endpoint needs a token: Authorization: Bearer <admin, submitter or runner token>.');
    return undefined;
  }
  if (access.verifyAdmin(token)) return { kind: 'admin' };
  const credential = await verifyCredential(access.ctx.db, token);
  if (credential === undefined) {
    access.refuse(res, source, 'The token is not valid (unknown, revoked or malformed).');
    return undefined;
  }
  return principalOf(credential);
}

/** 403 for a valid credential of the wrong kind, audited without the token. */
export async function forbid(access: TaskAccess, res: ServerResponse, principal: Principal, what: string, message: string): Promise<void> {
  await recordAudit(access.ctx.db, { type: AuditType.CredentialRejected, actor: actorOf(principal), data: { attempted: what } });
  fail(res, 403, GatewayErrorCode.Forbidden, message);
}

export type JsonBody = { readonly ok: true; readonly value: unknown } | { readonly ok: false };

/** The request's JSON body; a 400/415 is sent when it is not one. */
export async function readJson(req: IncomingMessage, res: ServerResponse): Promise<JsonBody> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    fail(res, 415, GatewayErrorCode.BadRequest, 'The body must be application/json.');
    return { ok: false };
  }
  const body = await readBody(req);
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) as unknown };
  } catch {
    fail(res, 400, GatewayErrorCode.BadRequest, 'The body is not valid JSON.');
    return { ok: false };
  }
}

/** `?wait=` in seconds, 0 to 60; undefined after a 400 was sent. */
export function waitSeconds(url: URL, res: ServerResponse): number | undefined {
  const text = url.searchParams.get('wait');
  if (text === null) return 0;
  if (!/^\d{1,2}$/.test(text) || Number(text) > 60) {
    fail(res, 400, GatewayErrorCode.BadRequest, `?wait must be a whole number of seconds from 0 to 60; got "${text.slice(0, 20)}".`);
    return undefined;
  }
  return Number(text);
}

/** An AbortSignal that fires when the client goes away or the server stops. */
export function requestSignal(access: TaskAccess, res: ServerResponse): AbortSignal {
  const gone = new AbortController();
  res.once('close', () => gone.abort());
  return AbortSignal.any([gone.signal, access.stopping]);
}

export function problemsMessage(problems: readonly string[]): string {
  return `The request is not valid: ${problems.join('; ')}.`;
}
