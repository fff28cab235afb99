import type { MethodSpec } from '../contract.js';
import { HostErrorCode } from '../errors.js';
import { array, boolean, integer, noParams, object, ref, string, text } from '../schemas/build.js';

export const WORKSPACE_METHODS = {
  'workspaces.add': {
    description:
      'Add a folder as a workspace. The path must be an existing directory on the host machine. The folder and its parents are looked at for OpenCode configuration first; none of it loads until the folder holding it is trusted (workspaces.trust).',
    params: object(
      'The folder.',
      {
        path: text('Absolute path of the folder on the host machine.', { maxLength: 4096 }),
        name: text('Display name; defaults to the folder name.', { maxLength: 128 }),
      },
      ['path'],
    ),
    result: ref('Workspace', 'The new workspace, with its trust (when trust.ask, the app asks the user).'),
    errors: [HostErrorCode.Conflict],
  },
  'workspaces.list': {
    description: 'Every workspace, oldest first.',
    params: noParams(),
    result: object('The workspaces.', { workspaces: array('Oldest first.', ref('Workspace', 'One workspace.')) }, ['workspaces']),
    errors: [],
  },
  'workspaces.files': {
    description:
      'Files of a workspace folder for the attachment picker: a bounded walk that skips .git, node_modules, hidden folders and links leading outside the folder. With a query, only paths containing its words (case-insensitive, in any order) are listed, best matches first.',
    params: object(
      'Which files.',
      {
        workspaceId: ref('WorkspaceId', 'The workspace.'),
        query: string('Words to look for in the relative path; empty or unset lists every file.', { maxLength: 256 }),
        limit: integer('At most this many files (default 200).', { minimum: 1, maximum: 1000 }),
      },
      ['workspaceId'],
    ),
    result: object(
      'The files.',
      {
        files: array('Best matches first; without a query, shallower files first, then by path.', ref('WorkspaceFile', 'One file.')),
        truncated: boolean('True when more files matched than were returned, or the walk stopped at its limit before seeing the whole folder.'),
      },
      ['files', 'truncated'],
    ),
    errors: [HostErrorCode.NotFound],
  },
  'workspaces.trust': {
    description:
      "Answer the trust question for a workspace (see WorkspaceTrust). With trust true, its folder is trusted, and so are the listed parent folders; with trust false, its folder is not. Every other folder of the workspace's with configuration that nobody had answered for is recorded as not trusted, so nothing is asked twice. A change reloads the runtime once no answer is running.",
    params: object(
      'The answer.',
      {
        id: ref('WorkspaceId', 'The workspace.'),
        trust: boolean('Trust the workspace folder (true) or not (false).'),
        parents: array('Parent folders (paths from its trust.folders) to trust as well; only with trust true.', text('Absolute path of a parent folder.', { maxLength: 4096 }), { maxItems: 64 }),
      },
      ['id', 'trust'],
    ),
    result: ref('Workspace', 'The workspace, with its trust as it is now.'),
    errors: [HostErrorCode.NotFound],
  },
  'workspaces.trusted': {
    description: 'Every folder the user trusts, most recent first (for Settings, where trust is revoked).',
    params: noParams(),
    result: object('The folders.', { folders: array('Most recently trusted first.', ref('TrustedFolder', 'One folder.')) }, ['folders']),
    errors: [],
  },
  'workspaces.untrust': {
    description: "Revoke trust in a folder: its OpenCode configuration stops loading after the runtime's reload, which follows once no answer is running.",
    params: object('The folder.', { path: text('Absolute path of a trusted folder.', { maxLength: 4096 }) }, ['path']),
    result: object('What happened.', { revoked: boolean('False when the folder was not trusted.') }, ['revoked']),
    errors: [],
  },
  'workspaces.remove': {
    description: 'Forget a workspace. Its folder and its sessions\' history on disk are left alone.',
    params: object('The workspace.', { id: ref('WorkspaceId', 'The workspace to forget.') }, ['id']),
    result: object('What happened.', { removed: boolean('False when no workspace had that id.') }, ['removed']),
    errors: [],
  },
} as const satisfies Record<string, MethodSpec>;
