// The dashboard's reads: pages of rows straight from the store, filtered by chat and status.
// One extra row is read to know whether a next page exists.
import { jobRow, type Job } from '../queue/jobs.js';
import { auditRow, type AuditRow } from '../store/audit.js';
import type { Queryable } from '../store/db.js';
import type { ChannelSession, SessionEvent } from '../store/sessions.js';
import { toIso, toJson, toNumber } from '../store/db.js';

export const PAGE_SIZE = 25;

export interface Page<T> {
  readonly rows: T[];
  readonly page: number;
  readonly hasNext: boolean;
}

async function page<T>(q: Queryable, sql: string, params: unknown[], pageNumber: number, map: (row: Record<string, unknown>) => T): Promise<Page<T>> {
  const rows = await q.query(`${sql} limit $${params.length + 1} offset $${params.length + 2}`, [...params, PAGE_SIZE + 1, (pageNumber - 1) * PAGE_SIZE]);
  return { rows: rows.slice(0, PAGE_SIZE).map(map), page: pageNumber, hasNext: rows.length > PAGE_SIZE };
}

function sessionRow(row: Record<string, unknown>): ChannelSession & { readonly jobs: number } {
  return {
    id: String(row['id']),
    provider: String(row['provider']),
    providerWorkspaceId: String(row['provider_workspace_id']),
    chatId: String(row['chat_id']),
    threadId: String(row['thread_id']),
    opencodeSessionId: (row['opencode_session_id'] as string | null) ?? null,
    status: row['status'] as ChannelSession['status'],
    createdAt: toIso(row['created_at']) ?? '',
    updatedAt: toIso(row['updated_at']) ?? '',
    jobs: toNumber(row['jobs']),
  };
}

export function sessionsPage(q: Queryable, filter: { readonly chat?: string; readonly status?: string }, pageNumber: number): Promise<Page<ChannelSession & { readonly jobs: number }>> {
  return page(
    q,
    `select s.*, (select count(*) from gateway_jobs j where j.session_id = s.id and j.kind = 'prompt') as jobs from gateway_sessions s
     where ($1::text is null or s.chat_id = $1) and ($2::text is null or s.status = $2) order by s.updated_at desc, s.id`,
    [filter.chat ?? null, filter.status ?? null],
    pageNumber,
    sessionRow,
  );
}

export function jobsPage(q: Queryable, filter: { readonly chat?: string; readonly status?: string; readonly kind?: string; readonly sessionId?: string }, pageNumber: number): Promise<Page<Job & { readonly chatId: string | null }>> {
  return page(
    q,
    `select j.*, s.chat_id as session_chat from gateway_jobs j left join gateway_sessions s on s.id = j.session_id
     where ($1::text is null or s.chat_id = $1 or j.payload->>'chatId' = $1) and ($2::text is null or j.status = $2) and ($3::text is null or j.kind = $3) and ($4::text is null or j.session_id = $4)
     order by j.seq desc`,
    [filter.chat ?? null, filter.status ?? null, filter.kind ?? null, filter.sessionId ?? null],
    pageNumber,
    (row) => ({ ...jobRow(row), chatId: (row['session_chat'] as string | null) ?? ((toJson(row['payload']) as Record<string, unknown> | null)?.['chatId'] as string | undefined) ?? null }),
  );
}

export function auditPage(q: Queryable, filter: { readonly type?: string }, pageNumber: number): Promise<Page<AuditRow>> {
  return page(q, 'select * from gateway_audit where ($1::text is null or type = $1) order by seq desc', [filter.type ?? null], pageNumber, auditRow);
}

export async function sessionEvents(q: Queryable, sessionId: string, pageNumber: number): Promise<Page<SessionEvent>> {
  return page(q, 'select * from gateway_session_events where session_id = $1 order by seq', [sessionId], pageNumber, (row) => ({
    seq: toNumber(row['seq']),
    sessionId: String(row['session_id']),
    jobId: (row['job_id'] as string | null) ?? null,
    type: String(row['type']),
    data: (toJson(row['data']) ?? {}) as Record<string, unknown>,
    createdAt: toIso(row['created_at']) ?? '',
  }));
}

export async function auditTypes(q: Queryable): Promise<string[]> {
  return (await q.query<{ type: string }>('select distinct type from gateway_audit order by type')).map((row) => row.type);
}
