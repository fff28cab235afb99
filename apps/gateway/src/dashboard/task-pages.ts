// The dashboard's Tasks section: tasks by status and workspace, one task with its event log,
// and the runners and submitters that may work with them (never their tokens).
import { TASK_STATUSES, type TaskEvent, type TaskView } from '@open-cowork/contracts';
import type { Queryable } from '../store/db.js';
import type { Credential } from '../tasks/credentials.js';
import { queryTaskEvents } from '../tasks/events.js';
import { getTaskRecord, TASK_SELECT, taskRecordRow, taskView, type TaskRecord } from '../tasks/store.js';
import { html } from './html.js';
import { json, layout, pager, select, status, when, type Viewer } from './pages.js';
import type { Page } from './queries.js';
import { PAGE_SIZE } from './queries.js';

export interface TaskFilter {
  readonly status?: string;
  readonly workspace?: string;
}

export async function taskRows(q: Queryable, filter: TaskFilter, pageNumber: number): Promise<Page<TaskRecord>> {
  const rows = await q.query(
    `${TASK_SELECT} where ($1::text is null or j.status = $1) and ($2::text is null or t.workspace = $2) order by j.seq desc limit $3 offset $4`,
    [filter.status ?? null, filter.workspace ?? null, PAGE_SIZE + 1, (pageNumber - 1) * PAGE_SIZE],
  );
  return { rows: rows.slice(0, PAGE_SIZE).map(taskRecordRow), page: pageNumber, hasNext: rows.length > PAGE_SIZE };
}

export function tasksPage(viewer: Viewer, tasks: Page<TaskRecord>, credentials: readonly Credential[], filter: TaskFilter): string {
  const runners = credentials.filter((c) => c.kind === 'runner');
  const submitters = credentials.filter((c) => c.kind === 'submitter');
  const names = new Map(credentials.map((c) => [c.id, `${c.kind}:${c.name}`]));
  return layout(
    'Tasks',
    'tasks',
    viewer,
    html`<form class="filters" method="get" action="/dashboard/tasks">${select('status', 'Status', TASK_STATUSES, filter.status)}<label>Workspace<input name="workspace" value="${filter.workspace ?? ''}"></label><button type="submit">Filter</button></form>
<table><tr><th>task</th><th>kind</th><th>workspace</th><th>status</th><th>attempts</th><th>submitter</th><th>runner</th><th>created</th><th>finished</th><th>acknowledged</th><th>lastError</th></tr>
${tasks.rows.map((t) => html`<tr><td><a class="mono" href="/dashboard/tasks/${encodeURIComponent(t.job.id)}">${t.job.id.slice(0, 8)}</a></td><td>${t.kind}</td><td class="mono">${t.workspace}</td><td>${status(t.job.status)}</td><td>${t.job.attempts}/${t.job.maxAttempts}</td><td class="mono">${names.get(t.submitter) ?? t.submitter}</td><td class="mono">${t.runner === null ? '—' : (names.get(t.runner) ?? t.runner)}</td><td>${when(t.job.createdAt)}</td><td>${when(t.job.finishedAt)}</td><td>${t.ackedAt === null ? 'no' : 'yes'}</td><td class="data">${t.job.lastError ?? ''}</td></tr>`)}
</table>${tasks.rows.length === 0 ? html`<p class="muted">No tasks match.</p>` : ''}${pager('/dashboard/tasks', tasks, { ...filter })}
<h2>Runners</h2>
${credentialTable(runners, 'No runners: register one with open-cowork-gateway runner add NAME --workspace LABEL.')}
<h2>Submitters</h2>
${credentialTable(submitters, 'No submitters: issue a token with open-cowork-gateway submitter add NAME.')}`,
  );
}

function credentialTable(rows: readonly Credential[], empty: string) {
  if (rows.length === 0) return html`<p class="muted">${empty}</p>`;
  return html`<table><tr><th>name</th><th>status</th><th>workspaces</th><th>created</th><th>last seen</th></tr>${rows.map((c) => html`<tr><td class="mono">${c.name}</td><td>${status(c.status)}</td><td class="mono">${c.workspaces.join(', ') || 'any'}</td><td>${when(c.createdAt)}</td><td>${when(c.lastUsedAt)}</td></tr>`)}</table>`;
}

export async function taskDetail(q: Queryable, id: string): Promise<{ readonly view: TaskView; readonly events: readonly TaskEvent[] } | undefined> {
  const record = await getTaskRecord(q, id);
  if (record === undefined) return undefined;
  return { view: await taskView(q, record, { events: false }), events: await queryTaskEvents(q, { taskId: id, afterSeq: 0, limit: 1000 }) };
}

export function taskPage(viewer: Viewer, detail: { readonly view: TaskView; readonly events: readonly TaskEvent[] }): string {
  const { view } = detail;
  return layout(
    `Task ${view.id.slice(0, 8)}`,
    'tasks',
    viewer,
    html`<table><tr><th>kind</th><td>${view.kind}</td><th>workspace</th><td class="mono">${view.workspace}</td><th>session key</th><td class="mono">${view.sessionKey ?? '—'}</td><th>status</th><td>${status(view.status)}</td></tr>
<tr><th>attempts</th><td>${view.attempts}/${view.maxAttempts}</td><th>runner</th><td class="mono">${view.runner ?? '—'}</td><th>timeout</th><td>${view.timeoutMs} ms</td><th>acknowledged</th><td>${view.acknowledged ? 'yes' : 'no'}</td></tr></table>
<h2>Result</h2>${view.result === null ? html`<p class="muted">${view.error ?? 'None yet.'}</p>` : html`<pre class="data">${json(view.result)}</pre>`}
<h2>Events, in order</h2>
<table><tr><th>#</th><th>time</th><th>event</th><th>by</th><th>data</th></tr>
${detail.events.map((event) => html`<tr data-event="${event.type}"><td>${event.seq}</td><td>${when(event.at)}</td><td><code>${event.type}</code></td><td class="mono">${event.actor ?? ''}</td><td class="data">${json(event.data)}</td></tr>`)}
</table>`,
  );
}
