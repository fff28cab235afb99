// workspaces.add / list / remove over the workspace registry, workspaces.files (the
// attachment picker's bounded walk of a workspace folder, see ./files.ts), and workspace trust
// (workspaces.trust / trusted / untrust, see ./trust.ts).
import { CodedError, HostErrorCode, type Workspace } from '@open-cowork/contracts';
import type { HandlersFor } from '../dispatch/handlers.js';
import type { WorkspaceRegistry } from './store.js';
import type { SessionIndex } from './session-index.js';
import { listWorkspaceFiles, type FileWalkOptions } from './files.js';
import type { WorkspaceLookup } from './lookup.js';
import type { TrustQuestion } from './trust.js';
import type { WorkspaceTrustStore } from './trust-store.js';

export interface WorkspaceServiceOptions {
  readonly registry: WorkspaceRegistry;
  /** Told about every change, so events of a new workspace are recognised at once. */
  readonly lookup?: WorkspaceLookup;
  readonly index?: SessionIndex;
  /** Limits of the workspaces.files walk (tests make them small). */
  readonly fileWalk?: Pick<FileWalkOptions, 'maxEntries' | 'maxDepth' | 'timeBudgetMs'>;
  readonly trust: {
    readonly question: TrustQuestion;
    readonly store: WorkspaceTrustStore;
    /** After an answer changed what is trusted: the runtime reloads to apply it. */
    readonly changed: () => void;
  };
}

type WorkspaceMethods = 'workspaces.add' | 'workspaces.list' | 'workspaces.files' | 'workspaces.trust' | 'workspaces.trusted' | 'workspaces.untrust' | 'workspaces.remove';

export function workspaceHandlers(options: WorkspaceServiceOptions): HandlersFor<WorkspaceMethods> {
  const { registry, lookup, index, trust } = options;
  const withTrust = async (workspace: Workspace): Promise<Workspace> => ({ ...toWorkspace(workspace), trust: await trust.question.view(workspace.path) });
  return {
    'workspaces.add': async ({ path, name }) => {
      const existing = await registry.byDirectory(path);
      if (existing !== undefined) {
        throw new CodedError(HostErrorCode.Conflict, `${existing.path} is already a workspace ("${existing.name}", ${existing.id}).`, {
          id: existing.id,
          path: existing.path,
        });
      }
      const added = await registry.add(path, name);
      lookup?.invalidate();
      return withTrust(added);
    },
    'workspaces.list': async () => ({ workspaces: await Promise.all((await registry.list()).map(withTrust)) }),
    'workspaces.files': async ({ workspaceId, query, limit }) => {
      const workspace = await registry.get(workspaceId);
      try {
        return await listWorkspaceFiles(workspace.path, {
          ...options.fileWalk,
          ...(query === undefined ? {} : { query }),
          ...(limit === undefined ? {} : { limit }),
        });
      } catch (error) {
        // The folder itself went away (or became unreadable) after it was added.
        throw new CodedError(HostErrorCode.NotFound, `The folder of workspace "${workspace.name}" (${workspace.path}) cannot be read: ${(error as Error).message}`, {
          kind: 'workspace',
          id: workspace.id,
        });
      }
    },
    'workspaces.trust': async ({ id, trust: trusted, parents }) => {
      const workspace = await registry.get(id);
      if (await trust.question.answer(workspace.path, trusted, parents ?? [])) trust.changed();
      return withTrust(workspace);
    },
    'workspaces.trusted': async () => ({ folders: (await trust.store.trusted()).map((answer) => ({ path: answer.path, since: answer.at })) }),
    'workspaces.untrust': async ({ path }) => {
      const revoked = await trust.store.revoke(path);
      if (revoked) trust.changed();
      return { revoked };
    },
    'workspaces.remove': async ({ id }) => {
      const removed = await registry.remove(id);
      if (removed !== undefined) {
        lookup?.invalidate();
        index?.forgetWorkspace(id);
      }
      return { removed: removed !== undefined };
    },
  };
}

export function toWorkspace(workspace: Workspace): Workspace {
  return { id: workspace.id, name: workspace.name, path: workspace.path, addedAt: workspace.addedAt };
}
