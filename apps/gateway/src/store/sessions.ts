// Channel sessions — one per (provider, workspace, chat, thread), each bound to one OpenCode
// session — and their ordered events (what the runtime did while answering).
import { randomUUID } from 'node:crypto';
import { toIso, toJson, toNumber, type Queryable } from './db.js';

export type SessionStatus = 'idle' | 'running' | 'blocked' | 'failed' | 'completed';

export interface SessionKey {
  readonly provider: string;
  readonly providerWorkspaceId: string;
  readonly chatId: string;
  readonly threadId: string;
}

export interface ChannelSession extends SessionKey {
  readonly id: string;
  readonly opencodeSessionId: string | null;
  readonly status: SessionStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface SessionEvent {
  readonly seq: number;
  readonly sessionId: string;
  readonly jobId: string | null;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly createdAt: string;
}

/** The queue key that keeps one chat's jobs in order, one at a time. */
export function sessionQueueKey(key: SessionKey): string {
  return JSON.stringify([key.provider, key.providerWorkspaceId, key.chatId, key.threadId]);
}

function sessionRow(row: Record<string, unknown>): ChannelSession {
  return {
    id: String(row['id']),
    provider: String(row['provider']),
    providerWorkspaceId: String(row['provider_workspace_id']),
    chatId: String(row['chat_id']),
    threadId: String(row['thread_id']),
    opencodeSessionId: (row['opencode_session_id'] as string | null) ?? null,
    status: row['status'] as SessionStatus,
    createdAt: toIso(row['created_at']) ?? '',
    updatedAt: toIso(row['updated_at']) ?? '',
  };
}

function eventRow(row: Record<string, unknown>): SessionEvent {
  return {
    seq: toNumber(row['seq']),
    sessionId: String(row['session_id']),
    jobId: (row['job_id'] as string | null) ?? null,
    type: String(row['type']),
    data: (toJson(row['data']) ?? {}) as Record<string, unknown>,
    createdAt: toIso(row['created_at']) ?? '',
  };
}

/** The session for `key`, created on first use. */
export async function ensureSession(q: Queryable, key: SessionKey): Promise<ChannelSession> {
  const rows = await q.query(
    `insert into gateway_sessions (id, provider, provider_workspace_id, chat_id, thread_id) values ($1, $2, $3, $4, $5)
     on conflict (provider, provider_workspace_id, chat_id, thread_id) do update set updated_at = now()
     returning *`,
    [randomUUID(), key.provider, key.providerWorkspaceId, key.chatId, key.threadId],
  );
  return sessionRow(rows[0]!);
}

export async function getSession(q: Queryable, id: string): Promise<ChannelSession | undefined> {
  const rows = await q.query('select * from gateway_sessions where id = $1', [id]);
  return rows[0] === undefined ? undefined : sessionRow(rows[0]);
}

export async function listSessions(q: Queryable, limit = 100): Promise<ChannelSession[]> {
  return (await q.query('select * from gateway_sessions order by updated_at desc limit $1', [limit])).map(sessionRow);
}

export async function setSessionStatus(q: Queryable, id: string, status: SessionStatus): Promise<void> {
  await q.query('update gateway_sessions set status = $2, updated_at = now() where id = $1', [id, status]);
}

/** Marks the session running and returns it (undefined when it no longer exists). */
export async function markSessionRunning(q: Queryable, id: string): Promise<ChannelSession | undefined> {
  const rows = await q.query(`update gateway_sessions set status = 'running', updated_at = now() where id = $1 returning *`, [id]);
  return rows[0] === undefined ? undefined : sessionRow(rows[0]);
}

export async function bindOpencodeSession(q: Queryable, id: string, opencodeSessionId: string): Promise<void> {
  await q.query('update gateway_sessions set opencode_session_id = $2, updated_at = now() where id = $1', [id, opencodeSessionId]);
}

export async function appendEvent(q: Queryable, sessionId: string, jobId: string | null, type: string, data: Readonly<Record<string, unknown>>): Promise<void> {
  await q.query('insert into gateway_session_events (session_id, job_id, type, data) values ($1, $2, $3, $4)', [sessionId, jobId, type, JSON.stringify(data)]);
}

export async function listEvents(q: Queryable, sessionId: string, options: { readonly jobId?: string; readonly limit?: number } = {}): Promise<SessionEvent[]> {
  const rows = await q.query(
    'select * from gateway_session_events where session_id = $1 and ($2::text is null or job_id = $2) order by seq limit $3',
    [sessionId, options.jobId ?? null, options.limit ?? 1000],
  );
  return rows.map(eventRow);
}
