// sessions.fork, sessions.revert, sessions.unrevert and sessions.diff: going back in a
// session's history, in the folder of the session's workspace, as OpenCode does it (a revert
// restores the files from OpenCode's snapshots; the next prompt drops the reverted messages).
import type { HandlersFor } from '../dispatch/handlers.js';
import { runtimeCall } from '../runtime/runtime-call.js';
import { SessionLocator, type SessionServiceOptions } from './service.js';

type HistoryMethod = 'sessions.fork' | 'sessions.revert' | 'sessions.unrevert' | 'sessions.diff';

export function historyHandlers(options: Pick<SessionServiceOptions, 'runtime' | 'workspaces' | 'index'>): HandlersFor<HistoryMethod> {
  const { runtime, index } = options;
  const locator = new SessionLocator(options);
  const session = (id: string) => ({ kind: 'session', id }) as const;
  const message = (messageId: string | undefined) => (messageId === undefined ? {} : { messageId });

  return {
    'sessions.fork': async ({ sessionId, messageId }) => {
      const workspace = await locator.locate(sessionId);
      const info = await runtimeCall(runtime, (s) => s.fork({ sessionId, directory: workspace.path, ...message(messageId) }), session(sessionId));
      index.rememberSession(info.id, workspace.id);
      return { ...info, workspaceId: workspace.id };
    },
    'sessions.revert': async ({ sessionId, messageId }) => {
      const workspace = await locator.locate(sessionId);
      const info = await runtimeCall(runtime, (s) => s.revert({ sessionId, directory: workspace.path, messageId }), session(sessionId));
      return { ...info, workspaceId: workspace.id };
    },
    'sessions.unrevert': async ({ sessionId }) => {
      const workspace = await locator.locate(sessionId);
      const info = await runtimeCall(runtime, (s) => s.unrevert({ sessionId, directory: workspace.path }), session(sessionId));
      return { ...info, workspaceId: workspace.id };
    },
    'sessions.diff': async ({ sessionId, messageId }) => {
      const directory = (await locator.locate(sessionId)).path;
      // OpenCode answers a session-wide diff only once a summary ran; per turn it always knows.
      const turns =
        messageId !== undefined
          ? [messageId]
          : (await runtimeCall(runtime, (s) => s.messages({ sessionId, directory }), session(sessionId))).filter((m) => m.info.role === 'user').map((m) => m.info.id);
      const files = [];
      for (const turn of turns) {
        const changed = await runtimeCall(runtime, (s) => s.diff({ sessionId, directory, messageId: turn }), session(sessionId));
        files.push(...changed.map((file) => ({ messageId: turn, ...file })));
      }
      return { files };
    },
  };
}
