// The Task API for submitters and operators: create, read (with a long poll), acknowledge and
// cancel tasks; counts; the task event log. A submitter sees only its own tasks (another's is
// 404, as if it did not exist); the admin token sees all; a runner token gets 403 here.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TASK_EVENT_TYPES, type TaskView } from '@open-cowork/contracts';
import { GatewayErrorCode } from '../errors.js';
import { fail, send } from '../http/respond.js';
import { AuditType, recordAudit } from '../store/audit.js';
import { pruneTasks } from '../store/retention.js';
import { authenticate, forbid, problemsMessage, readJson, requestSignal, waitSeconds, type TaskAccess } from './access.js';
import { actorOf, type Principal } from './credentials.js';
import { queryTaskEvents, taskEventStats } from './events.js';
import { ackTask, cancelTask, createTask, getTaskRecord, isFinished, taskStats, taskView, workspaceHasRunner, type TaskRecord } from './store.js';
import { checkSubmission } from './submission.js';
import { dispatchCallback } from './callbacks.js';

const TASK_PATH = /^\/tasks\/([0-9a-f-]{36})(?:\/(ack|cancel))?$/;
/** How often a long poll looks at the store when nothing woke it (another replica's change). */
const RECHECK_MS = 1000;

/** The submitter id a principal owns tasks under. */
const ownerOf = (principal: Principal): string => (principal.kind === 'admin' ? 'admin' : principal.id);

/** Handles /tasks… and /events…; false when the path is not one of them. */
export function createTaskRoutes(access: TaskAccess): (req: IncomingMessage, res: ServerResponse, url: URL, source: string) => Promise<boolean> {
  const { ctx } = access;

  /** The task if `principal` may see it; otherwise a 404 was sent. */
  const visibleTask = async (res: ServerResponse, principal: Principal, id: string): Promise<TaskRecord | undefined> => {
    const record = await getTaskRecord(ctx.db, id);
    if (record === undefined || (principal.kind !== 'admin' && record.submitter !== principal.id)) {
      fail(res, 404, GatewayErrorCode.NotFound, `No task ${id}.`);
      return undefined;
    }
    return record;
  };

  const submit = async (req: IncomingMessage, res: ServerResponse, principal: Principal): Promise<void> => {
    const body = await readJson(req, res);
    if (!body.ok) return;
    const checked = checkSubmission(body.value, ctx.config);
    if (!checked.ok) return fail(res, 400, GatewayErrorCode.BadRequest, problemsMessage(checked.problems));
    const task = checked.value;
    if (principal.kind === 'submitter' && principal.workspaces.length > 0 && !principal.workspaces.includes(task.workspace)) {
      return forbid(access, res, principal, 'submit', `Submitter "${principal.name}" may not submit to workspace "${task.workspace}".`);
    }
    if (!(await workspaceHasRunner(ctx.db, task.workspace))) {
      return fail(res, 422, GatewayErrorCode.BadRequest, `No runner is registered for workspace "${task.workspace}" (open-cowork-gateway runner add NAME --workspace ${task.workspace}).`);
    }
    const taskId = await ctx.db.transaction((tx) => createTask(tx, { ...task, submitter: ownerOf(principal), maxAttempts: ctx.config.tasks.maxAttempts }, actorOf(principal)));
    ctx.taskSignals.notify(QUEUE_SIGNAL);
    send(res, 201, { taskId });
  };

  const read = async (res: ServerResponse, url: URL, principal: Principal, id: string): Promise<void> => {
    const wait = waitSeconds(url, res);
    if (wait === undefined) return;
    const afterText = url.searchParams.get('after');
    if (afterText !== null && !/^\d{1,15}$/.test(afterText)) return fail(res, 400, GatewayErrorCode.BadRequest, '?after must be an event sequence number.');
    const events = url.searchParams.get('events') !== '0';
    const options = { events, ...(afterText === null ? {} : { afterSeq: Number(afterText) }) };
    let record = await visibleTask(res, principal, id);
    if (record === undefined) return;
    // Long poll: until the task finishes, the wait is over, or the client leaves.
    const deadline = Date.now() + wait * 1000;
    const signal = requestSignal(access, res);
    while (!isFinished(record.job.status) && Date.now() < deadline && !signal.aborted) {
      await ctx.taskSignals.wait(id, Math.min(RECHECK_MS, deadline - Date.now()), signal);
      record = (await getTaskRecord(ctx.db, id)) ?? record;
    }
    if (res.destroyed) return;
    const view: TaskView = await taskView(ctx.db, record, options);
    send(res, 200, view);
  };

  const settle = async (res: ServerResponse, principal: Principal, id: string, action: 'ack' | 'cancel'): Promise<void> => {
    if ((await visibleTask(res, principal, id)) === undefined) return;
    const actor = actorOf(principal);
    if (action === 'ack') {
      const outcome = await ctx.db.transaction((tx) => ackTask(tx, id, actor));
      if (!outcome.ok) return fail(res, 409, GatewayErrorCode.JobState, `Task ${id} is ${outcome.status}; only a finished task's result can be acknowledged.`);
      return send(res, 200, { taskId: id, acknowledged: true, first: outcome.first });
    }
    const cancelled = await ctx.db.transaction(async (tx) => {
      const job = await cancelTask(tx, id, actor);
      const record = job === undefined ? undefined : await getTaskRecord(tx, id);
      if (record !== undefined) await dispatchCallback(tx, ctx, record);
      return job;
    });
    if (cancelled === undefined) return fail(res, 409, GatewayErrorCode.JobState, `Task ${id} has already finished.`);
    ctx.taskSignals.notify(id);
    ctx.onJobStored?.();
    send(res, 200, { taskId: id, status: 'cancelled' });
  };

  const events = async (res: ServerResponse, url: URL, principal: Principal): Promise<void> => {
    const type = url.searchParams.get('type') ?? undefined;
    if (type !== undefined && !(TASK_EVENT_TYPES as readonly string[]).includes(type)) return fail(res, 400, GatewayErrorCode.BadRequest, `?type must be one of ${TASK_EVENT_TYPES.join(', ')}.`);
    const taskId = url.searchParams.get('taskId') ?? undefined;
    if (taskId !== undefined && !/^[0-9a-f-]{36}$/.test(taskId)) return fail(res, 400, GatewayErrorCode.BadRequest, '?taskId must be a task id.');
    const limitText = url.searchParams.get('limit') ?? '100';
    if (!/^\d{1,4}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > 1000) return fail(res, 400, GatewayErrorCode.BadRequest, '?limit must be from 1 to 1000.');
    const list = await queryTaskEvents(ctx.db, { ...(taskId === undefined ? {} : { taskId }), ...(type === undefined ? {} : { type }), ...(principal.kind === 'admin' ? {} : { submitter: principal.id }), limit: Number(limitText) });
    send(res, 200, { events: list });
  };

  return async (req, res, url, source) => {
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const task = TASK_PATH.exec(path);
    const known = path === '/tasks' || path === '/tasks/stats' || task !== null || path === '/events' || path === '/events/stats' || path === '/events/maintenance';
    if (!known) return false;
    const expected = path === '/tasks' || path === '/events/maintenance' || task?.[2] !== undefined ? 'POST' : 'GET';
    if (method !== expected) {
      fail(res, 405, GatewayErrorCode.BadRequest, `Use ${expected}.`, { allow: expected });
      return true;
    }
    const principal = await authenticate(access, req, res, source);
    if (principal === undefined) return true;
    if (principal.kind === 'runner') {
      await forbid(access, res, principal, path.startsWith('/events') ? 'events' : 'tasks', 'A runner token may only poll and report (/runner/…); it cannot submit or read tasks.');
      return true;
    }
    if (path === '/events/stats' || path === '/events/maintenance') {
      if (principal.kind !== 'admin') {
        await forbid(access, res, principal, path, `${path} needs the admin token.`);
        return true;
      }
      if (path === '/events/stats') send(res, 200, await taskEventStats(ctx.db));
      else send(res, 200, await maintenance(access));
      return true;
    }
    if (path === '/tasks') await submit(req, res, principal);
    else if (path === '/tasks/stats') send(res, 200, await taskStats(ctx.db, principal.kind === 'admin' ? undefined : principal.id));
    else if (path === '/events') await events(res, url, principal);
    else if (task?.[2] === undefined) await read(res, url, principal, task![1]!);
    else await settle(res, principal, task[1]!, task[2] as 'ack' | 'cancel');
    return true;
  };
}

/** The in-process signal long polls of runners wait on: a task was stored or requeued. */
export const QUEUE_SIGNAL = 'task-queue';

/** POST /events/maintenance: the task part of retention, now, and the log's counts after it. */
async function maintenance(access: TaskAccess): Promise<Record<string, unknown>> {
  const { ctx } = access;
  const deleted = await ctx.db.transaction(async (tx) => {
    const [cut] = await tx.query('select now() - make_interval(hours => $1) as cutoff', [ctx.config.retention.taskHours]);
    const counts = await pruneTasks(tx, cut!['cutoff']);
    await recordAudit(tx, { type: AuditType.RetentionPruned, actor: 'admin', data: { scope: 'tasks', taskHours: ctx.config.retention.taskHours, counts } });
    return counts;
  });
  return { deleted, stats: await taskEventStats(ctx.db) };
}
