// The approval policy. "manual" leaves permission requests to a client (permissions.reply,
// `open-cowork approvals`); "auto" allows each one once as it is asked: the headless
// equivalent of a trusted workspace. Only requests of registered workspaces reach it (it
// listens to host events), and every answer is logged.
import type { HostEventName, HostEventPayload } from '@open-cowork/contracts';
import type { HostEventBus } from '../event-bus.js';
import type { Logger } from '../log/index.js';
import type { WorkspaceRegistry } from '../workspaces/store.js';
import { runtimeCall, type RuntimeAccess } from '../runtime/runtime-call.js';

export type ApprovalPolicy = 'manual' | 'auto';

export interface AutoApprovalOptions {
  readonly events: Pick<HostEventBus, 'subscribe'>;
  readonly runtime: RuntimeAccess;
  readonly workspaces: Pick<WorkspaceRegistry, 'get'>;
  readonly logger: Logger;
}

/** Answers every permission request with "once"; returns the disposer. */
export function autoApprove(options: AutoApprovalOptions): () => void {
  const { runtime, workspaces, logger } = options;
  return options.events.subscribe((type: HostEventName, payload: unknown) => {
    if (type !== 'permission.asked') return;
    const { request } = payload as HostEventPayload<'permission.asked'>;
    const detail = { requestId: request.id, sessionId: request.sessionId, workspaceId: request.workspaceId, permission: request.permission, patterns: request.patterns };
    void (async () => {
      const workspace = await workspaces.get(request.workspaceId);
      await runtimeCall(runtime, (sessions) => sessions.replyPermission({ directory: workspace.path, requestId: request.id, reply: 'once' }));
      logger.info(`approved ${request.permission} automatically`, detail);
    })().catch((error: unknown) => {
      logger.warn(`could not approve ${request.permission} automatically: ${(error as Error).message}`, detail);
    });
  });
}
