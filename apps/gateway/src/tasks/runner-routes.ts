// The runner protocol: long-poll for a task, then heartbeat, report progress and post the
// result with the claim token the poll handed out. Only runner tokens get here, and a runner
// only ever sees tasks of the workspace labels it was registered with.
//
// A lost lease answers 409 GATEWAY_LEASE_LOST with the reason: the runner stops the task.
// A refused result answers 409 GATEWAY_RESULT_REFUSED (reason `already_reported` tells a runner
// that its own earlier report went in).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TASK_KINDS, TaskErrorCode, type TaskKind } from '@open-cowork/contracts';
import { GatewayErrorCode } from '../errors.js';
import { fail, send } from '../http/respond.js';
import type { Db } from '../store/db.js';
import { authenticate, forbid, problemsMessage, readJson, requestSignal, waitSeconds, type TaskAccess } from './access.js';
import { LABEL, type RunnerPrincipal } from './credentials.js';
import { recordTaskEvent } from './events.js';
import { claimTask, finishTask, heartbeatTask, releaseTask, reportProgress, type LostReason } from './lease.js';
import { QUEUE_SIGNAL } from './routes.js';
import { checkClaimOnly, checkRunnerEvents, checkRunnerResult } from './submission.js';

const ACTION_PATH = /^\/runner\/tasks\/([0-9a-f-]{36})\/(heartbeat|events|result|release)$/;
const RECHECK_MS = 1000;

const LOST_MESSAGES: Record<LostReason, string> = {
  unknown_task: 'There is no such task.',
  not_your_task: 'This runner never held that task.',
  wrong_token: 'The claim token does not match the current attempt.',
  requeued: 'The lease expired and the task went back to the queue; stop working on it.',
  cancelled: 'The task was cancelled; stop working on it.',
  finished: 'The task has finished already.',
  already_reported: 'This attempt already reported its result, which was accepted.',
};

function lost(res: ServerResponse, reason: LostReason, code: string = TaskErrorCode.LeaseLost): void {
  send(res, 409, { error: { code, message: LOST_MESSAGES[reason], reason } });
}

/** The workspaces and kinds asked for in the poll's query, or undefined after a 400/403. */
async function pollScope(access: TaskAccess, res: ServerResponse, url: URL, runner: RunnerPrincipal): Promise<{ workspaces: string[]; kinds: TaskKind[] } | undefined> {
  const asked = url.searchParams.getAll('workspace');
  for (const label of asked) {
    if (!LABEL.test(label)) {
      fail(res, 400, GatewayErrorCode.BadRequest, `?workspace must be a workspace label; got "${label.slice(0, 64)}".`);
      return undefined;
    }
    if (!runner.workspaces.includes(label)) {
      await forbid(access, res, runner, `poll:${label}`, `Runner "${runner.name}" is not registered for workspace "${label}" (registered: ${runner.workspaces.join(', ') || 'none'}).`);
      return undefined;
    }
  }
  const kinds = url.searchParams.getAll('kind');
  for (const kind of kinds) {
    if (!(TASK_KINDS as readonly string[]).includes(kind)) {
      fail(res, 400, GatewayErrorCode.BadRequest, `?kind must be one of ${TASK_KINDS.join(', ')}.`);
      return undefined;
    }
  }
  return { workspaces: asked.length > 0 ? asked : [...runner.workspaces], kinds: (kinds.length > 0 ? kinds : ['prompt']) as TaskKind[] };
}

/** A task claimed for a poll whose client left before it could be told: back to the queue, uncounted. */
async function unclaim(db: Db, id: string, runner: RunnerPrincipal): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx.query(
      `update gateway_jobs set status = 'pending', attempts = greatest(attempts - 1, 0), lease_token = null, lease_owner = null, lease_expires_at = null, run_after = now(), updated_at = now()
       where id = $1 and status = 'running' and lease_owner = $2 returning id`,
      [id, runner.id],
    );
    if (rows.length === 1) await recordTaskEvent(tx, id, 'task.requeued', `runner:${runner.name}`, { reason: 'poll_abandoned' });
  });
}

export function createRunnerRoutes(access: TaskAccess): (req: IncomingMessage, res: ServerResponse, url: URL, source: string) => Promise<boolean> {
  const { ctx } = access;
  const leaseSeconds = ctx.config.tasks.leaseSeconds;

  const poll = async (res: ServerResponse, url: URL, runner: RunnerPrincipal): Promise<void> => {
    const wait = waitSeconds(url, res);
    if (wait === undefined) return;
    const scope = await pollScope(access, res, url, runner);
    if (scope === undefined) return;
    const deadline = Date.now() + wait * 1000;
    const signal = requestSignal(access, res);
    for (;;) {
      if (signal.aborted) return;
      const assignment = await claimTask(ctx.db, runner, scope.workspaces, scope.kinds, leaseSeconds);
      if (assignment !== undefined) {
        if (res.destroyed || signal.aborted) return unclaim(ctx.db, assignment.task.id, runner);
        return send(res, 200, assignment);
      }
      if (Date.now() >= deadline) break;
      await ctx.taskSignals.wait(QUEUE_SIGNAL, Math.min(RECHECK_MS, deadline - Date.now()), signal);
    }
    res.writeHead(204, { 'cache-control': 'no-store' }).end();
  };

  const act = async (req: IncomingMessage, res: ServerResponse, runner: RunnerPrincipal, id: string, action: string): Promise<void> => {
    const body = await readJson(req, res);
    if (!body.ok) return;
    if (action === 'result') {
      const checked = checkRunnerResult(body.value);
      if (!checked.ok) return fail(res, 400, GatewayErrorCode.BadRequest, problemsMessage(checked.problems));
      const outcome = await finishTask(ctx, id, runner, checked.value);
      if (!outcome.ok) return lost(res, outcome.reason, TaskErrorCode.ResultRefused);
      ctx.taskSignals.notify(id);
      ctx.taskSignals.notify(QUEUE_SIGNAL); // the next task of its session may run now
      return send(res, 200, { accepted: true, status: outcome.value.status });
    }
    if (action === 'events') {
      const checked = checkRunnerEvents(body.value);
      if (!checked.ok) return fail(res, 400, GatewayErrorCode.BadRequest, problemsMessage(checked.problems));
      const outcome = await reportProgress(ctx.db, id, runner, checked.value.claimToken, checked.value.events, leaseSeconds);
      if (!outcome.ok) return lost(res, outcome.reason);
      ctx.taskSignals.notify(id); // a chat following the task tells its permission requests at once
      return send(res, 200, { expiresAt: outcome.value.expiresAt });
    }
    const checked = checkClaimOnly(body.value, action === 'release' ? ['reason'] : []);
    if (!checked.ok) return fail(res, 400, GatewayErrorCode.BadRequest, problemsMessage(checked.problems));
    if (action === 'heartbeat') {
      const outcome = await heartbeatTask(ctx.db, id, runner, checked.value.claimToken, leaseSeconds);
      if (!outcome.ok) return lost(res, outcome.reason);
      return send(res, 200, { expiresAt: outcome.value.expiresAt, leaseSeconds });
    }
    const outcome = await releaseTask(ctx, id, runner, checked.value.claimToken, checked.value.reason ?? 'the runner is stopping');
    if (!outcome.ok) return lost(res, outcome.reason);
    ctx.taskSignals.notify(QUEUE_SIGNAL);
    send(res, 200, { released: true, status: outcome.value.status });
  };

  return async (req, res, url, source) => {
    const path = url.pathname;
    const action = ACTION_PATH.exec(path);
    if (path !== '/runner/poll' && path !== '/runner/whoami' && action === null) return false;
    const expected = action === null ? 'GET' : 'POST';
    if ((req.method ?? 'GET') !== expected) {
      fail(res, 405, GatewayErrorCode.BadRequest, `Use ${expected}.`, { allow: expected });
      return true;
    }
    const principal = await authenticate(access, req, res, source);
    if (principal === undefined) return true;
    if (principal.kind !== 'runner') {
      await forbid(access, res, principal, 'runner', 'Only a runner token may poll for tasks and report on them.');
      return true;
    }
    // A runner checks its token and labels here before it starts its host.
    if (path === '/runner/whoami') send(res, 200, { runner: principal.name, workspaces: principal.workspaces, leaseSeconds });
    else if (action === null) await poll(res, url, principal);
    else await act(req, res, principal, action[1]!, action[2]!);
    return true;
  };
}
