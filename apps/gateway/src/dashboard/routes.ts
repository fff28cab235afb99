// GET/POST /dashboard…: the operator dashboard. Every page needs the admin token — as a bearer
// header (scripts) or a sign-in cookie (browsers, see auth.ts). Pages are escaped HTML under a
// strict Content-Security-Policy (no script at all, styles only from /dashboard/assets). The
// three actions — retry or cancel a job, disable an identity — are POST forms that must carry
// the session's CSRF token and come from this origin; each is audited with actor "dashboard".
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FailureLimiter } from '@open-cowork/host';
import type { DoctorReport } from '../doctor/checks.js';
import { GatewayErrorCode } from '../errors.js';
import { fail, readBody } from '../http/respond.js';
import { cancelJob, countJobsByStatus, getJob, retryJob } from '../queue/jobs.js';
import { listApprovals } from '../store/approvals.js';
import { AuditType, recordAudit } from '../store/audit.js';
import { listIdentities, setIdentityRole } from '../store/identities.js';
import { DAEMON_LEASE, readLease } from '../store/leases.js';
import { listPairings } from '../store/pairings.js';
import { getSession } from '../store/sessions.js';
import type { PollerState } from '../telegram/poller.js';
import type { GatewayContext } from '../work/context.js';
import { DASHBOARD_CSS } from './assets.js';
import { clearedCookie, COOKIE, cookieValue, createSession, deleteSession, findSession, sameOrigin, sameToken, sessionCookie } from './auth.js';
import * as pages from './pages.js';
import { auditPage, auditTypes, jobsPage, sessionEvents, sessionsPage } from './queries.js';
import { taskDetail, taskPage, taskRows, tasksPage } from './task-pages.js';
import { listCredentials } from '../tasks/credentials.js';

export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export interface DashboardOptions {
  readonly ctx: GatewayContext;
  readonly readiness: () => Promise<DoctorReport>;
  /** undefined: no bearer header; otherwise whether it carries the admin token. */
  readonly bearer: (req: IncomingMessage) => boolean | undefined;
  readonly verifyAdmin: (token: string | undefined) => boolean;
  readonly limiter: FailureLimiter;
  readonly status: () => { readonly leader: boolean; readonly telegram: PollerState };
}

const NOTICES: Readonly<Record<string, string>> = {
  'job-retried': 'The job is pending again and runs from its first attempt.',
  'job-cancelled': 'The job is cancelled.',
  'job-state': 'The job is no longer in a state that allows this.',
  'identity-disabled': 'The identity is disabled: it can do nothing any more.',
};

const SAFE_BACK = /^\/dashboard(?:\/[A-Za-z0-9/_.-]*)?(?:\?[A-Za-z0-9=&%._+-]*)?$/;

function page(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-frame-options': 'DENY',
    'referrer-policy': 'same-origin',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

function redirect(res: ServerResponse, location: string, headers: Record<string, string> = {}): void {
  res.writeHead(303, { location, 'cache-control': 'no-store', 'referrer-policy': 'same-origin', ...headers });
  res.end();
}

function withNotice(back: string, key: string): string {
  const [path, query = ''] = back.split('?');
  const params = new URLSearchParams(query);
  params.set('done', key);
  return `${path}?${params.toString()}`;
}

const pageNumber = (url: URL): number => {
  const value = Number(url.searchParams.get('page') ?? '1');
  return Number.isSafeInteger(value) && value >= 1 && value <= 100_000 ? value : 1;
};

const param = (url: URL, name: string): string | undefined => {
  const value = url.searchParams.get(name)?.trim();
  return value === undefined || value === '' ? undefined : value.slice(0, 256);
};

export function createDashboard(options: DashboardOptions): (req: IncomingMessage, res: ServerResponse, url: URL, source: string) => Promise<void> {
  const { ctx } = options;
  const secure = !['127.0.0.1', '::1', 'localhost'].includes(ctx.config.host);
  const minutes = ctx.config.dashboardSessionMinutes;

  const signIn = async (req: IncomingMessage, res: ServerResponse, source: string): Promise<void> => {
    if (!sameOrigin(req)) return page(res, 403, pages.loginPage('The sign-in did not come from this page.'));
    const form = new URLSearchParams((await readBody(req)).toString('utf8'));
    // A valid token is never refused; only further failures from a failing source are.
    if (!options.verifyAdmin(form.get('token') ?? undefined)) {
      const state = options.limiter.check(source);
      if (state.blocked) return page(res, 429, pages.loginPage('Too many failed sign-ins from this address; try again later.'), { 'retry-after': String(state.retryAfterSeconds) });
      options.limiter.recordFailure(source);
      await recordAudit(ctx.db, { type: AuditType.DashboardSignInFailed, actor: 'dashboard', data: { source } });
      return page(res, 401, pages.loginPage('That is not the admin token.'));
    }
    const session = await createSession(ctx.db, minutes);
    await recordAudit(ctx.db, { type: AuditType.DashboardSignIn, actor: 'dashboard', data: { source, minutes } });
    redirect(res, '/dashboard', { 'set-cookie': sessionCookie(session.cookie, minutes, secure) });
  };

  const act = async (res: ServerResponse, path: string, back: string): Promise<void> => {
    const job = /^\/dashboard\/jobs\/([^/]+)\/(retry|cancel)$/.exec(path);
    if (job) {
      const id = decodeURIComponent(job[1]!);
      const verb = job[2] as 'retry' | 'cancel';
      const changed = await ctx.db.transaction(async (tx) => {
        const result = verb === 'retry' ? await retryJob(tx, id) : await cancelJob(tx, id);
        if (result !== undefined) await recordAudit(tx, { type: verb === 'retry' ? AuditType.JobRetried : AuditType.JobCancelled, actor: 'dashboard', subject: id, data: { kind: result.kind } });
        return result;
      });
      if (changed === undefined && (await getJob(ctx.db, id)) === undefined) return fail(res, 404, GatewayErrorCode.NotFound, `No job ${id}.`);
      if (changed !== undefined && verb === 'retry') ctx.onJobStored?.();
      return redirect(res, withNotice(back, changed === undefined ? 'job-state' : verb === 'retry' ? 'job-retried' : 'job-cancelled'));
    }
    const identity = /^\/dashboard\/identities\/([^/]+)\/disable$/.exec(path);
    if (identity) {
      const id = decodeURIComponent(identity[1]!);
      const saved = await ctx.db.transaction(async (tx) => {
        const result = await setIdentityRole(tx, id, 'disabled');
        if (result !== undefined) await recordAudit(tx, { type: AuditType.IdentityDisabled, provider: result.provider, actor: 'dashboard', subject: result.externalUserId, data: { workspaceId: result.providerWorkspaceId } });
        return result;
      });
      if (saved === undefined) return fail(res, 404, GatewayErrorCode.NotFound, `No identity ${id}.`);
      return redirect(res, withNotice(back, 'identity-disabled'));
    }
    return fail(res, 404, GatewayErrorCode.NotFound, `Nothing at POST ${path}.`);
  };

  const show = async (res: ServerResponse, url: URL, viewer: pages.Viewer): Promise<void> => {
    const path = url.pathname.replace(/\/+$/, '') || '/dashboard';
    const notice = NOTICES[url.searchParams.get('done') ?? ''];
    const here = `${url.pathname}${url.search}`.replace(/([?&])done=[^&]*&?/, '$1').replace(/[?&]$/, '');
    if (path === '/dashboard') {
      const [report, lease, counts, approvals, pairings] = await Promise.all([
        options.readiness(),
        readLease(ctx.db, DAEMON_LEASE),
        countJobsByStatus(ctx.db),
        listApprovals(ctx.db, { status: 'pending', limit: 1000 }),
        listPairings(ctx.db, { status: 'pending', limit: 1000 }),
      ]);
      const status = options.status();
      const telegram = ctx.config.telegram;
      return page(res, 200, pages.overviewPage(viewer, {
        report,
        lease,
        owner: ctx.owner,
        leaderHere: status.leader,
        telegram: { configured: telegram !== undefined, ...(telegram === undefined ? {} : { mode: telegram.mode }), polling: status.telegram.polling, ...(status.telegram.lastCallOk === undefined ? {} : { lastCallOk: status.telegram.lastCallOk }) },
        counts,
        pendingApprovals: approvals.length,
        pendingPairings: pairings.filter((p) => Date.parse(p.expiresAt) > Date.now()).length,
        retention: ctx.config.retention,
      }, notice));
    }
    if (path === '/dashboard/sessions') {
      const filter = { chat: param(url, 'chat'), status: param(url, 'status') };
      return page(res, 200, pages.sessionsPage(viewer, await sessionsPage(ctx.db, filter, pageNumber(url)), filter));
    }
    const one = /^\/dashboard\/sessions\/([^/]+)$/.exec(path);
    if (one) {
      const session = await getSession(ctx.db, decodeURIComponent(one[1]!));
      if (session === undefined) return page(res, 404, pages.notFoundPage(viewer, 'No such session (retention may have removed it).'));
      const [events, jobs, approvals] = await Promise.all([sessionEvents(ctx.db, session.id, pageNumber(url)), jobsPage(ctx.db, { sessionId: session.id }, 1), listApprovals(ctx.db, { sessionId: session.id })]);
      return page(res, 200, pages.sessionPage(viewer, { session, events, jobs, approvals }, here, notice));
    }
    if (path === '/dashboard/jobs') {
      const filter = { chat: param(url, 'chat'), status: param(url, 'status'), kind: param(url, 'kind') };
      return page(res, 200, pages.jobsPage(viewer, await jobsPage(ctx.db, filter, pageNumber(url)), filter, here, notice));
    }
    if (path === '/dashboard/tasks') {
      const filter = { ...optional('status', param(url, 'status')), ...optional('workspace', param(url, 'workspace')) };
      return page(res, 200, tasksPage(viewer, await taskRows(ctx.db, filter, pageNumber(url)), await listCredentials(ctx.db), filter));
    }
    const task = /^\/dashboard\/tasks\/([0-9a-f-]{36})$/.exec(path);
    if (task) {
      const detail = await taskDetail(ctx.db, task[1]!);
      if (detail === undefined) return page(res, 404, pages.notFoundPage(viewer, 'No such task (retention may have removed it).'));
      return page(res, 200, taskPage(viewer, detail));
    }
    if (path === '/dashboard/identities') {
      const [identities, pairings] = await Promise.all([listIdentities(ctx.db), listPairings(ctx.db, { status: 'pending' })]);
      return page(res, 200, pages.identitiesPage(viewer, identities, pairings.filter((p) => Date.parse(p.expiresAt) > Date.now()), notice));
    }
    if (path === '/dashboard/audit') {
      const filter = { type: param(url, 'type') };
      return page(res, 200, pages.auditPage(viewer, await auditPage(ctx.db, filter, pageNumber(url)), await auditTypes(ctx.db), filter));
    }
    return page(res, 404, pages.notFoundPage(viewer, `Nothing at ${path}.`));
  };

  return async (req, res, url, source) => {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    if (path === '/dashboard/assets/dashboard.css') {
      res.writeHead(200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' });
      return void res.end(DASHBOARD_CSS);
    }
    if (path === '/dashboard/login') {
      if (method === 'POST') return signIn(req, res, source);
      return page(res, 200, pages.loginPage());
    }
    // Who is asking: a bearer token (scripts) or a signed-in browser.
    const bearer = options.bearer(req);
    if (bearer === false) {
      const state = options.limiter.check(source);
      if (state.blocked) return fail(res, 429, GatewayErrorCode.RateLimited, 'Too many failed attempts from this address; try again later.', { 'retry-after': String(state.retryAfterSeconds) });
      options.limiter.recordFailure(source);
      return fail(res, 401, GatewayErrorCode.Unauthorized, 'The admin token is wrong.', { 'www-authenticate': 'Bearer' });
    }
    const cookie = cookieValue(req, COOKIE);
    const session = bearer === true ? undefined : await findSession(ctx.db, cookie);
    if (bearer !== true && session === undefined) {
      if (method === 'GET') return redirect(res, '/dashboard/login');
      return fail(res, 401, GatewayErrorCode.Unauthorized, 'Sign in to the dashboard first.');
    }
    const viewer: pages.Viewer = session === undefined ? {} : { csrf: session.csrf };
    if (method === 'GET' || method === 'HEAD') return show(res, url, viewer);
    if (method !== 'POST') return fail(res, 405, GatewayErrorCode.BadRequest, 'Use GET or POST.', { allow: 'GET, POST' });
    const form = new URLSearchParams((await readBody(req)).toString('utf8'));
    if (session !== undefined && (!sameOrigin(req) || !sameToken(form.get('csrf') ?? undefined, session.csrf))) {
      await recordAudit(ctx.db, { type: AuditType.DashboardRejected, actor: 'dashboard', data: { reason: 'csrf', path, source } });
      return fail(res, 403, GatewayErrorCode.CsrfRejected, 'The form did not carry this session\'s CSRF token or came from another site.');
    }
    if (path === '/dashboard/logout') {
      await deleteSession(ctx.db, cookie);
      await recordAudit(ctx.db, { type: AuditType.DashboardSignOut, actor: 'dashboard', data: { source } });
      return redirect(res, '/dashboard/login', { 'set-cookie': clearedCookie(secure) });
    }
    const back = form.get('back') ?? '/dashboard';
    return act(res, path, SAFE_BACK.test(back) ? back : '/dashboard');
  };
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
