// permissions.* and questions.*: what the agents wait on, across every workspace or in one.
// Answers name only the request id; its workspace comes from the index (fed by events and
// lists), and on a miss from listing every workspace's pending requests.
import type { PermissionRequest, QuestionRequest, Workspace } from '@open-cowork/contracts';
import type { HandlersFor } from '../dispatch/handlers.js';
import type { WorkspaceRegistry } from '../workspaces/store.js';
import { notFound, runtimeCall, type RuntimeAccess } from '../runtime/runtime-call.js';
import type { RequestKind, SessionIndex } from '../workspaces/session-index.js';

export type RequestMethod = 'permissions.list' | 'permissions.reply' | 'questions.list' | 'questions.reply' | 'questions.reject';

export interface RequestServiceOptions {
  readonly runtime: RuntimeAccess;
  readonly workspaces: Pick<WorkspaceRegistry, 'get' | 'list'>;
  readonly index: SessionIndex;
}

export function requestHandlers(options: RequestServiceOptions): HandlersFor<RequestMethod> {
  const { runtime, workspaces, index } = options;

  async function workspacesOf(workspaceId: string | undefined): Promise<readonly Workspace[]> {
    return workspaceId === undefined ? workspaces.list() : [await workspaces.get(workspaceId)];
  }

  async function permissions(workspaceId?: string): Promise<PermissionRequest[]> {
    const lists = await Promise.all(
      (await workspacesOf(workspaceId)).map(async (workspace) =>
        (await runtimeCall(runtime, (s) => s.permissions({ directory: workspace.path }))).map((request) => ({ ...request, workspaceId: workspace.id })),
      ),
    );
    const requests = oldestFirst(lists.flat());
    for (const request of requests) index.rememberRequest('permission', request.id, request.workspaceId);
    return requests;
  }

  async function questions(workspaceId?: string): Promise<QuestionRequest[]> {
    const lists = await Promise.all(
      (await workspacesOf(workspaceId)).map(async (workspace) =>
        (await runtimeCall(runtime, (s) => s.questions({ directory: workspace.path }))).map((request) => ({ ...request, workspaceId: workspace.id })),
      ),
    );
    const requests = oldestFirst(lists.flat());
    for (const request of requests) index.rememberRequest('question', request.id, request.workspaceId);
    return requests;
  }

  /** The folder to answer a request in; NOT_FOUND when no workspace has it pending. */
  async function folderOf(kind: RequestKind, requestId: string): Promise<string> {
    const known = index.workspaceOfRequest(kind, requestId);
    if (known !== undefined) {
      const workspace = await workspaces.get(known).catch(() => undefined);
      if (workspace !== undefined) return workspace.path;
    }
    const pending = kind === 'permission' ? await permissions() : await questions();
    const owner = pending.find((request) => request.id === requestId)?.workspaceId;
    const workspace = owner === undefined ? undefined : await workspaces.get(owner).catch(() => undefined);
    if (workspace === undefined) throw notFound({ kind, id: requestId });
    return workspace.path;
  }

  return {
    'permissions.list': async ({ workspaceId }) => ({ requests: await permissions(workspaceId) }),
    'permissions.reply': async ({ requestId, reply, message }) => {
      const directory = await folderOf('permission', requestId);
      await runtimeCall(
        runtime,
        (s) => s.replyPermission({ directory, requestId, reply, ...(message !== undefined ? { message } : {}) }),
        { kind: 'permission', id: requestId },
      );
      index.forgetRequest(requestId);
      return { ok: true as const };
    },
    'questions.list': async ({ workspaceId }) => ({ requests: await questions(workspaceId) }),
    'questions.reply': async ({ requestId, answers }) => {
      const directory = await folderOf('question', requestId);
      await runtimeCall(runtime, (s) => s.replyQuestion({ directory, requestId, answers }), { kind: 'question', id: requestId });
      index.forgetRequest(requestId);
      return { ok: true as const };
    },
    'questions.reject': async ({ requestId }) => {
      const directory = await folderOf('question', requestId);
      await runtimeCall(runtime, (s) => s.rejectQuestion({ directory, requestId }), { kind: 'question', id: requestId });
      index.forgetRequest(requestId);
      return { ok: true as const };
    },
  };
}

/**
 * OpenCode's ids grow with time, so sorting by id is oldest first. A request seen through two
 * folders of one project is listed once.
 */
function oldestFirst<T extends { readonly id: string }>(requests: readonly T[]): T[] {
  const unique = new Map<string, T>();
  for (const request of requests) if (!unique.has(request.id)) unique.set(request.id, request);
  return [...unique.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
