import type { MethodSpec } from '../contract.js';
import { HostErrorCode } from '../errors.js';
import { array, boolean, integer, noParams, object, ref, string, text } from '../schemas/build.js';

export const WORKSPACE_METHODS = {
  'workspaces.add': {
    description: 'Add a folder as a workspace. The path must be an existing directory on the host machine.',
    params: object(
      'The folder.',
      {
        path: text('Absolute path of the folder on the host machine.', { maxLength: 4096 }),
        name: text('Display name; defaults to the folder name.', { maxLength: 128 }),
      },
      ['path'],
    ),
    result: ref('Workspace', 'The new workspace.'),
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
  'workspaces.remove': {
    description: 'Forget a workspace. Its folder and its sessions\' history on disk are left alone.',
    params: object('The workspace.', { id: ref('WorkspaceId', 'The workspace to forget.') }, ['id']),
    result: object('What happened.', { removed: boolean('False when no workspace had that id.') }, ['removed']),
    errors: [],
  },
} as const satisfies Record<string, MethodSpec>;
