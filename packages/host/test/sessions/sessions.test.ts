// The sessions and requests services over a fake session layer: how a session or request
// named by id alone finds its workspace, and how runtime failures reach the client.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { CodedError } from '@open-cowork/contracts';
import { RuntimeError, RuntimeRequestErrorCode, type PermissionRequest, type RuntimeSessions, type RuntimeStatus, type SessionInfo } from '@open-cowork/runtime';
import { beforeEach, describe, expect, it } from 'vitest';
import { requestHandlers } from '../../src/sessions/requests.js';
import { toHostError, type RuntimeAccess } from '../../src/runtime/runtime-call.js';
import { SessionIndex } from '../../src/workspaces/session-index.js';
import { sessionHandlers } from '../../src/sessions/service.js';
import { WorkspaceRegistry } from '../../src/workspaces/store.js';
import { tempDir } from '../state/temp-dir.js';

const READY: RuntimeStatus = { state: 'ready', url: 'http://127.0.0.1:1', pid: 1, version: '1', since: 1 };
const notFound = (operation: string) => new RuntimeError(RuntimeRequestErrorCode.NotFound, `${operation}: Session not found`, { operation, status: 404 });

/** A runtime whose sessions live in folders; `get` finds a session through any folder (one project). */
class FakeRuntime implements RuntimeAccess {
  status: RuntimeStatus = READY;
  readonly sessionsByFolder = new Map<string, SessionInfo[]>();
  readonly pending = new Map<string, PermissionRequest[]>();
  readonly calls: string[] = [];
  readonly sessions = this.#fake() as unknown as RuntimeSessions;

  #fake() {
    const all = () => [...this.sessionsByFolder.values()].flat();
    return {
      get: async ({ sessionId, directory }: { sessionId: string; directory: string }) => {
        this.calls.push(`get ${path.basename(directory)}`);
        const found = all().find((session) => session.id === sessionId);
        if (!found) throw notFound('session.get');
        return found;
      },
      summarize: async ({ model }: { model: string }) => {
        this.calls.push(`summarize ${model}`);
      },
      permissions: async ({ directory }: { directory: string }) => this.pending.get(directory) ?? [],
      replyPermission: async ({ directory, requestId }: { directory: string; requestId: string }) => {
        this.calls.push(`reply ${requestId} in ${path.basename(directory)}`);
      },
    };
  }
}

let runtime: FakeRuntime;
let registry: WorkspaceRegistry;
let index: SessionIndex;
let folders: { a: string; b: string; other: string };
let summaryModel: string | undefined;

beforeEach(async () => {
  const root = await tempDir();
  folders = { a: path.join(root, 'a'), b: path.join(root, 'b'), other: path.join(root, 'other') };
  for (const dir of Object.values(folders)) await mkdir(dir);
  registry = new WorkspaceRegistry({ file: path.join(root, 'workspaces.json') });
  runtime = new FakeRuntime();
  index = new SessionIndex();
  summaryModel = 'scripted/small';
});

const sessions = () => sessionHandlers({ runtime, workspaces: registry, index, summaryModel: async () => summaryModel });
const session = (id: string, directory: string): SessionInfo => ({ id, title: '', directory, createdAt: 1, updatedAt: 1 });

describe('finding a session by id', () => {
  it('asks the runtime in each workspace and files the session under the workspace of its own folder', async () => {
    const a = await registry.add(folders.a);
    const b = await registry.add(folders.b);
    runtime.sessionsByFolder.set(folders.b, [session('ses_b', folders.b)]);
    expect(await sessions()['sessions.get']({ sessionId: 'ses_b' })).toMatchObject({ id: 'ses_b', workspaceId: b.id, directory: folders.b });
    // Found through A's folder (same project), but it belongs to B; the actual call ran in B's folder.
    expect(runtime.calls).toEqual(['get a', 'get b']);
    expect(index.workspaceOfSession('ses_b')).toBe(b.id);
    expect(a.id).not.toBe(b.id);

    runtime.calls.length = 0;
    await sessions()['sessions.get']({ sessionId: 'ses_b' });
    expect(runtime.calls).toEqual(['get b']); // the index answers now
  });

  it('NOT_FOUND for a session no workspace has, or one in a folder that is not a workspace', async () => {
    await registry.add(folders.a);
    runtime.sessionsByFolder.set(folders.other, [session('ses_other', folders.other)]);
    for (const sessionId of ['ses_none', 'ses_other']) {
      await expect(sessions()['sessions.get']({ sessionId })).rejects.toMatchObject({ code: 'NOT_FOUND', data: { kind: 'session', id: sessionId } });
    }
  });

  it('looks again when the indexed workspace was removed', async () => {
    const a = await registry.add(folders.a);
    const b = await registry.add(folders.b);
    index.rememberSession('ses_b', a.id);
    await registry.remove(a.id);
    runtime.sessionsByFolder.set(folders.b, [session('ses_b', folders.b)]);
    expect(await sessions()['sessions.get']({ sessionId: 'ses_b' })).toMatchObject({ workspaceId: b.id });
  });

  it('RUNTIME_NOT_READY while the runtime restarts', async () => {
    await registry.add(folders.a);
    runtime.status = { state: 'restarting', reason: 'settings changed', attempt: 1, delayMs: 0 };
    await expect(sessions()['sessions.get']({ sessionId: 'ses_x' })).rejects.toMatchObject({ code: 'RUNTIME_NOT_READY', data: { state: 'restarting' } });
  });
});

describe('sessions.summarize', () => {
  it('uses the configured model when the call names none, and BAD_REQUEST when there is none', async () => {
    const a = await registry.add(folders.a);
    runtime.sessionsByFolder.set(folders.a, [session('ses_a', folders.a)]);
    index.rememberSession('ses_a', a.id);
    await sessions()['sessions.summarize']({ sessionId: 'ses_a' });
    await sessions()['sessions.summarize']({ sessionId: 'ses_a', model: 'scripted/big' });
    expect(runtime.calls).toEqual(['summarize scripted/small', 'summarize scripted/big']);
    summaryModel = undefined;
    await expect(sessions()['sessions.summarize']({ sessionId: 'ses_a' })).rejects.toMatchObject({ code: 'BAD_REQUEST', data: { pointer: '/model' } });
  });
});

describe('answering a permission request', () => {
  const request = (id: string, sessionId: string): PermissionRequest => ({ id, sessionId, permission: 'bash', patterns: ['ls'], always: [], metadata: {} });

  it('finds its workspace by listing when the index does not know it; lists oldest first across workspaces', async () => {
    const a = await registry.add(folders.a);
    const b = await registry.add(folders.b);
    runtime.pending.set(folders.a, [request('per_2', 'ses_a')]);
    runtime.pending.set(folders.b, [request('per_1', 'ses_b')]);
    const handlers = requestHandlers({ runtime, workspaces: registry, index });
    expect((await handlers['permissions.list']({})).requests.map((r) => [r.id, r.workspaceId])).toEqual([
      ['per_1', b.id],
      ['per_2', a.id],
    ]);
    const fresh = new SessionIndex();
    await requestHandlers({ runtime, workspaces: registry, index: fresh })['permissions.reply']({ requestId: 'per_1', reply: 'once' });
    expect(runtime.calls).toEqual(['reply per_1 in b']);
    await expect(handlers['permissions.reply']({ requestId: 'per_9', reply: 'reject' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      data: { kind: 'permission', id: 'per_9' },
    });
  });
});

describe('runtime failures as the contract names them', () => {
  const ready = { status: READY };
  const failure = (code: RuntimeRequestErrorCode, status?: number, opencodeName?: string) =>
    new RuntimeError(code, 'session.x: went wrong', { operation: 'session.x', ...(status ? { status } : {}), ...(opencodeName ? { opencodeName } : {}) });

  it('maps each runtime code', () => {
    expect(toHostError(failure(RuntimeRequestErrorCode.NotFound, 404), ready, { subject: { kind: 'session', id: 's' } })).toMatchObject({ code: 'NOT_FOUND', data: { kind: 'session', id: 's' } });
    expect(toHostError(failure(RuntimeRequestErrorCode.NotFound, 404), ready)).toMatchObject({ code: 'RUNTIME_REQUEST_FAILED', data: { status: 404 } });
    expect(toHostError(failure(RuntimeRequestErrorCode.BadRequest, 400), ready)).toMatchObject({
      code: 'BAD_REQUEST',
      data: { pointer: '', issues: [{ pointer: '', message: 'session.x: went wrong' }] },
    });
    expect(toHostError(failure(RuntimeRequestErrorCode.Unreachable), { status: { state: 'starting', attempt: 1 } })).toMatchObject({ code: 'RUNTIME_NOT_READY' });
    expect(toHostError(failure(RuntimeRequestErrorCode.Unreachable), ready)).toMatchObject({ code: 'RUNTIME_REQUEST_FAILED' });
    const failed = toHostError(failure(RuntimeRequestErrorCode.RequestFailed, 500, 'UnknownError'), ready) as CodedError;
    expect(failed).toBeInstanceOf(CodedError);
    expect(failed.toEnvelope()).toEqual({ code: 'RUNTIME_REQUEST_FAILED', message: 'session.x: went wrong', data: { status: 500, name: 'UnknownError' } });
    const other = new Error('bug');
    expect(toHostError(other, ready)).toBe(other);
  });
});
