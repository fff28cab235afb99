// The dashboard's pages, rendered on the server from store rows. No scripts: filters are GET
// forms, actions are POST forms carrying the session's CSRF token.
import type { DoctorReport } from '../doctor/checks.js';
import { JOB_KINDS, JOB_STATUSES, type Job } from '../queue/jobs.js';
import type { Approval } from '../store/approvals.js';
import type { AuditRow } from '../store/audit.js';
import type { Identity } from '../store/identities.js';
import type { LeaseRow } from '../store/leases.js';
import type { Pairing } from '../store/pairings.js';
import type { ChannelSession, SessionEvent } from '../store/sessions.js';
import { html, raw, type Html } from './html.js';
import type { Page } from './queries.js';

export type Section = 'overview' | 'sessions' | 'jobs' | 'tasks' | 'identities' | 'audit';

/** Who is looking: a signed-in browser (with its CSRF token) or a bearer-token script. */
export interface Viewer {
  readonly csrf?: string;
}

const SECTIONS: readonly [Section, string, string][] = [
  ['overview', 'Overview', '/dashboard'],
  ['sessions', 'Sessions', '/dashboard/sessions'],
  ['jobs', 'Jobs', '/dashboard/jobs'],
  ['tasks', 'Tasks', '/dashboard/tasks'],
  ['identities', 'Identities', '/dashboard/identities'],
  ['audit', 'Audit', '/dashboard/audit'],
];

export function layout(title: string, section: Section | undefined, viewer: Viewer | undefined, body: Html, notice?: string): string {
  const nav = viewer === undefined ? '' : html`<header><strong>Open Cowork gateway</strong>${SECTIONS.map(([id, label, href]) => html`<a href="${href}" class="${id === section ? 'current' : ''}">${label}</a>`)}${
    viewer.csrf === undefined ? '' : html`<form method="post" action="/dashboard/logout"><input type="hidden" name="csrf" value="${viewer.csrf}"><button type="submit">Sign out</button></form>`
  }</header>`;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="same-origin">
<title>${title} · Open Cowork gateway</title><link rel="stylesheet" href="/dashboard/assets/dashboard.css"></head>
<body>${nav}<main>${notice === undefined ? '' : html`<p class="notice" role="status">${notice}</p>`}<h1>${title}</h1>${body}</main></body></html>`.text;
}

export const status = (value: string): Html => html`<span class="status status-${value}">${value}</span>`;
export const when = (iso: string | null): Html => (iso === null || iso === '' ? html`<span class="muted">—</span>` : html`<time datetime="${iso}">${iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}</time>`);
export const json = (value: unknown): string => JSON.stringify(value, null, 1);

function link(path: string, params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(key, String(value));
  const text = query.toString();
  return text === '' ? path : `${path}?${text}`;
}

export function pager(path: string, pageData: Page<unknown>, params: Record<string, string | undefined>): Html {
  return html`<nav class="pages" aria-label="pages">${pageData.page > 1 ? html`<a href="${link(path, { ...params, page: pageData.page - 1 })}">← Newer</a>` : ''}<span class="muted">Page ${pageData.page}</span>${
    pageData.hasNext ? html`<a href="${link(path, { ...params, page: pageData.page + 1 })}">Older →</a>` : ''
  }</nav>`;
}

function action(viewer: Viewer, path: string, label: string, back: string): Html {
  if (viewer.csrf === undefined) return html``;
  return html`<form class="inline" method="post" action="${path}"><input type="hidden" name="csrf" value="${viewer.csrf}"><input type="hidden" name="back" value="${back}"><button type="submit">${label}</button></form>`;
}

export function select(name: string, label: string, values: readonly string[], current: string | undefined): Html {
  return html`<label>${label}<select name="${name}"><option value="">any</option>${values.map((value) => html`<option value="${value}"${raw(value === current ? ' selected' : '')}>${value}</option>`)}</select></label>`;
}

export function loginPage(error?: string): string {
  return layout(
    'Sign in',
    undefined,
    undefined,
    html`<form class="login" method="post" action="/dashboard/login">
<p>Enter the gateway's admin token (OPEN_COWORK_STANDALONE_GATEWAY_ADMIN_TOKEN). It is sent once in this form's body; the browser then keeps only a session cookie.</p>
${error === undefined ? '' : html`<p class="bad" role="alert">${error}</p>`}
<label>Admin token<input type="password" name="token" autocomplete="current-password" required></label>
<p><button type="submit">Sign in</button></p></form>`,
  );
}

export interface OverviewData {
  readonly report: DoctorReport;
  readonly lease: LeaseRow | undefined;
  readonly owner: string;
  readonly leaderHere: boolean;
  readonly telegram: { readonly configured: boolean; readonly mode?: string; readonly polling: boolean; readonly lastCallOk?: boolean };
  readonly counts: Record<string, number>;
  readonly pendingApprovals: number;
  readonly pendingPairings: number;
  readonly retention: { readonly sessionDays: number; readonly artifactDays: number; readonly auditDays: number; readonly jobDays: number; readonly taskHours: number; readonly intervalSeconds: number };
}

export function overviewPage(viewer: Viewer, data: OverviewData, notice?: string): string {
  const readiness = (codes: readonly string[]): Html =>
    html`${data.report.checks.filter((check) => codes.includes(check.code)).map((check) => html`<tr><td><code>${check.code}</code></td><td class="${check.ok ? 'ok' : 'bad'}">${check.ok ? 'ok' : 'failing'}</td><td>${check.summary}</td></tr>`)}`;
  const all = data.report.checks.map((check) => check.code);
  return layout(
    'Overview',
    'overview',
    viewer,
    html`<div class="cards">
${JOB_STATUSES.map((name) => html`<a class="card" href="${link('/dashboard/jobs', { status: name })}"><span>${name} jobs</span><b>${data.counts[name] ?? 0}</b></a>`)}
<a class="card" href="/dashboard/sessions?status=blocked"><span>approvals waiting</span><b>${data.pendingApprovals}</b></a>
<a class="card" href="/dashboard/identities"><span>pairing codes pending</span><b>${data.pendingPairings}</b></a>
</div>
<h2>Leader lease</h2>
<table><tr><th>holder</th><td class="mono">${data.lease?.owner ?? 'nobody'}</td></tr><tr><th>live</th><td>${data.lease?.live === true ? 'yes' : 'no'}</td></tr><tr><th>expires</th><td>${when(data.lease?.expiresAt ?? null)}</td></tr><tr><th>this replica</th><td class="mono">${data.owner} ${data.leaderHere ? '(leader)' : '(standby)'}</td></tr>
<tr><th>Telegram</th><td>${data.telegram.configured ? `${data.telegram.mode ?? ''}; ${data.telegram.polling ? 'polling here' : 'not polling here'}; last Bot API call ${data.telegram.lastCallOk === undefined ? 'not made yet' : data.telegram.lastCallOk ? 'ok' : 'failed'}` : 'not configured'}</td></tr></table>
<h2>Store and TLS readiness</h2>
<table><tr><th>check</th><th>state</th><th>summary</th></tr>${readiness(all)}</table>
<h2>Retention</h2>
<table><tr><th>sessions</th><td>${data.retention.sessionDays} days</td></tr><tr><th>artifacts</th><td>${data.retention.artifactDays} days</td></tr><tr><th>audit</th><td>${data.retention.auditDays} days</td></tr><tr><th>jobs</th><td>${data.retention.jobDays} days</td></tr><tr><th>finished tasks</th><td>${data.retention.taskHours} hours</td></tr><tr><th>pass every</th><td>${data.retention.intervalSeconds} s (on the leader)</td></tr></table>`,
    notice,
  );
}

export function sessionsPage(viewer: Viewer, rows: Page<ChannelSession & { readonly jobs: number }>, filter: { chat?: string; status?: string }): string {
  return layout(
    'Sessions',
    'sessions',
    viewer,
    html`<form class="filters" method="get" action="/dashboard/sessions"><label>Chat<input name="chat" value="${filter.chat ?? ''}"></label>${select('status', 'Status', ['idle', 'running', 'blocked', 'failed', 'completed'], filter.status)}<button type="submit">Filter</button></form>
<table><tr><th>session</th><th>provider</th><th>chat</th><th>thread</th><th>status</th><th>prompts</th><th>updated</th></tr>
${rows.rows.map((s) => html`<tr><td><a class="mono" href="/dashboard/sessions/${encodeURIComponent(s.id)}">${s.id.slice(0, 8)}</a></td><td>${s.provider}${s.providerWorkspaceId ? ` / ${s.providerWorkspaceId}` : ''}</td><td class="mono">${s.chatId}</td><td class="mono">${s.threadId || '—'}</td><td>${status(s.status)}</td><td>${s.jobs}</td><td>${when(s.updatedAt)}</td></tr>`)}
</table>${rows.rows.length === 0 ? html`<p class="muted">No sessions match.</p>` : ''}${pager('/dashboard/sessions', rows, filter)}`,
  );
}

function jobsTable(viewer: Viewer, jobs: readonly (Job & { readonly chatId?: string | null })[], back: string): Html {
  return html`<table><tr><th>job</th><th>kind</th><th>status</th><th>attempts</th><th>chat</th><th>created</th><th>finished</th><th>lastError</th><th></th></tr>
${jobs.map(
  (job) => html`<tr><td class="mono">${job.id.slice(0, 12)}</td><td>${job.kind}</td><td>${status(job.status)}</td><td>${job.attempts}/${job.maxAttempts}</td><td class="mono">${job.chatId ?? '—'}</td><td>${when(job.createdAt)}</td><td>${when(job.finishedAt)}</td><td class="data">${job.lastError ?? ''}</td><td>${
    ['dead', 'failed', 'cancelled'].includes(job.status) ? action(viewer, `/dashboard/jobs/${encodeURIComponent(job.id)}/retry`, 'Retry', back) : ''
  }${['pending', 'running'].includes(job.status) ? action(viewer, `/dashboard/jobs/${encodeURIComponent(job.id)}/cancel`, 'Cancel', back) : ''}</td></tr>`,
)}</table>`;
}

export function jobsPage(viewer: Viewer, rows: Page<Job & { readonly chatId: string | null }>, filter: { chat?: string; status?: string; kind?: string }, back: string, notice?: string): string {
  return layout(
    'Jobs',
    'jobs',
    viewer,
    html`<form class="filters" method="get" action="/dashboard/jobs"><label>Chat<input name="chat" value="${filter.chat ?? ''}"></label>${select('status', 'Status', JOB_STATUSES, filter.status)}${select('kind', 'Kind', JOB_KINDS, filter.kind)}<button type="submit">Filter</button></form>
${jobsTable(viewer, rows.rows, back)}${rows.rows.length === 0 ? html`<p class="muted">No jobs match.</p>` : ''}${pager('/dashboard/jobs', rows, filter)}`,
    notice,
  );
}

export interface SessionDetail {
  readonly session: ChannelSession;
  readonly events: Page<SessionEvent>;
  readonly jobs: Page<Job & { readonly chatId: string | null }>;
  readonly approvals: readonly Approval[];
}

export function sessionPage(viewer: Viewer, detail: SessionDetail, back: string, notice?: string): string {
  const { session } = detail;
  return layout(
    `Session ${session.id.slice(0, 8)}`,
    'sessions',
    viewer,
    html`<table><tr><th>provider</th><td>${session.provider}${session.providerWorkspaceId ? ` / ${session.providerWorkspaceId}` : ''}</td><th>chat</th><td class="mono">${session.chatId}</td><th>thread</th><td class="mono">${session.threadId || '—'}</td><th>status</th><td>${status(session.status)}</td></tr></table>
<h2>Events, in order</h2>
<table><tr><th>#</th><th>time</th><th>event</th><th>job</th><th>data</th></tr>
${detail.events.rows.map((event) => html`<tr data-event="${event.type}"><td>${event.seq}</td><td>${when(event.createdAt)}</td><td><code>${event.type}</code></td><td class="mono">${event.jobId?.slice(0, 12) ?? ''}</td><td class="data">${json(event.data)}</td></tr>`)}
</table>${pager(`/dashboard/sessions/${encodeURIComponent(session.id)}`, detail.events, {})}
<h2>Approvals</h2>
${detail.approvals.length === 0 ? html`<p class="muted">None.</p>` : html`<table><tr><th>id</th><th>kind</th><th>status</th><th>asked by</th><th>answered by</th><th>answer</th><th>expires</th></tr>${detail.approvals.map((a) => html`<tr><td class="mono">${a.id}</td><td>${a.kind}</td><td>${status(a.status)}</td><td class="mono">${a.prompterUserId}</td><td class="mono">${a.answeredBy ?? '—'}</td><td class="data">${a.answer === null ? '' : json(a.answer)}</td><td>${when(a.expiresAt)}</td></tr>`)}</table>`}
<h2>Jobs</h2>${jobsTable(viewer, detail.jobs.rows, back)}`,
    notice,
  );
}

export function identitiesPage(viewer: Viewer, identities: readonly Identity[], pairings: readonly Pairing[], notice?: string): string {
  return layout(
    'Identities',
    'identities',
    viewer,
    html`<table><tr><th>provider</th><th>workspace</th><th>user</th><th>name</th><th>role</th><th>updated</th><th></th></tr>
${identities.map((i) => html`<tr><td>${i.provider}</td><td class="mono">${i.providerWorkspaceId || '—'}</td><td class="mono">${i.externalUserId}</td><td>${i.displayName ?? ''}</td><td>${status(i.role)}</td><td>${when(i.updatedAt)}</td><td>${i.role === 'disabled' ? '' : action(viewer, `/dashboard/identities/${encodeURIComponent(i.id)}/disable`, 'Disable', '/dashboard/identities')}</td></tr>`)}
</table>${identities.length === 0 ? html`<p class="muted">No identities: every message is denied.</p>` : ''}
<h2>Pending pairing codes</h2>
${pairings.length === 0 ? html`<p class="muted">None.</p>` : html`<table><tr><th>code</th><th>provider</th><th>user</th><th>name</th><th>chat</th><th>expires</th></tr>${pairings.map((p) => html`<tr><td class="mono">${p.code}</td><td>${p.provider}</td><td class="mono">${p.externalUserId}</td><td>${p.displayName ?? ''}</td><td class="mono">${p.chatId}</td><td>${when(p.expiresAt)}</td></tr>`)}</table><p class="muted">Approve with <code>open-cowork-gateway pairing approve CODE</code>.</p>`}`,
    notice,
  );
}

export function auditPage(viewer: Viewer, rows: Page<AuditRow>, types: readonly string[], filter: { type?: string }): string {
  return layout(
    'Audit',
    'audit',
    viewer,
    html`<form class="filters" method="get" action="/dashboard/audit">${select('type', 'Type', types, filter.type)}<button type="submit">Filter</button></form>
<table><tr><th>#</th><th>time</th><th>type</th><th>provider</th><th>actor</th><th>subject</th><th>data</th></tr>
${rows.rows.map((a) => html`<tr><td>${a.seq}</td><td>${when(a.createdAt)}</td><td><code>${a.type}</code></td><td>${a.provider ?? ''}</td><td class="mono">${a.actor ?? ''}</td><td class="mono">${a.subject ?? ''}</td><td class="data">${json(a.data)}</td></tr>`)}
</table>${pager('/dashboard/audit', rows, filter)}`,
  );
}

export function notFoundPage(viewer: Viewer, what: string): string {
  return layout('Not found', undefined, viewer, html`<p>${what}</p><p><a href="/dashboard">Back to the overview</a></p>`);
}
