import type { MethodSpec } from '../contract.js';
import { HostErrorCode } from '../errors.js';
import { array, boolean, noParams, object, ref, text } from '../schemas/build.js';

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
  'workspaces.remove': {
    description: 'Forget a workspace. Its folder and its sessions\' history on disk are left alone.',
    params: object('The workspace.', { id: ref('WorkspaceId', 'The workspace to forget.') }, ['id']),
    result: object('What happened.', { removed: boolean('False when no workspace had that id.') }, ['removed']),
    errors: [],
  },
} as const satisfies Record<string, MethodSpec>;
