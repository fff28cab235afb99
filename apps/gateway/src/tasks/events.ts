// The task event log: every lifecycle step of a task and of its callback, in order, with who
// did it. Progress events carry what a runner reported (text, tool activity, permission asked).
import type { TaskEvent, TaskEventType } from '@open-cowork/contracts';
import { toIso, toJson, toNumber, type Queryable } from '../store/db.js';

export async function recordTaskEvent(q: Queryable, taskId: string, type: TaskEventType, actor: string | null, data: Readonly<Record<string, unknown>> = {}): Promise<void> {
  await q.query('insert into gateway_task_events (task_id, type, actor, data) values ($1, $2, $3, $4)', [taskId, type, actor, JSON.stringify(data)]);
}

export function taskEventRow(row: Record<string, unknown>): TaskEvent {
  return {
    seq: toNumber(row['seq']),
    taskId: String(row['task_id']),
    type: row['type'] as TaskEventType,
    actor: (row['actor'] as string | null) ?? null,
    data: (toJson(row['data']) ?? {}) as Record<string, unknown>,
    at: toIso(row['created_at']) ?? '',
  };
}

export interface TaskEventQuery {
  readonly taskId?: string;
  readonly type?: string;
  /** Only events after this sequence number (for following a task). */
  readonly afterSeq?: number;
  /** Only events of this submitter's tasks. */
  readonly submitter?: string;
  readonly limit: number;
}

/** Newest first, unless `afterSeq` is given (then oldest first: the next page of a follower). */
export async function queryTaskEvents(q: Queryable, query: TaskEventQuery): Promise<TaskEvent[]> {
  const rows = await q.query(
    `select e.* from gateway_task_events e
     where ($1::text is null or e.task_id = $1) and ($2::text is null or e.type = $2) and ($3::bigint is null or e.seq > $3)
       and ($4::text is null or exists (select 1 from gateway_tasks t where t.id = e.task_id and t.submitter = $4))
     order by case when $3::bigint is null then -e.seq else e.seq end
     limit $5`,
    [query.taskId ?? null, query.type ?? null, query.afterSeq ?? null, query.submitter ?? null, query.limit],
  );
  return rows.map(taskEventRow);
}

export interface TaskEventStats {
  readonly total: number;
  readonly byType: Readonly<Record<string, number>>;
  readonly oldest: string | null;
  readonly newest: string | null;
}

export async function taskEventStats(q: Queryable): Promise<TaskEventStats> {
  const rows = await q.query<{ type: string; n: unknown }>('select type, count(*) as n from gateway_task_events group by type order by type');
  const [range] = await q.query('select min(created_at) as oldest, max(created_at) as newest from gateway_task_events');
  const byType = Object.fromEntries(rows.map((row) => [row.type, toNumber(row.n)]));
  return {
    total: Object.values(byType).reduce((sum, n) => sum + n, 0),
    byType,
    oldest: toIso(range?.['oldest']) ?? null,
    newest: toIso(range?.['newest']) ?? null,
  };
}
