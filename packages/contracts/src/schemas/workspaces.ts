// Workspaces: folders the one runtime works in. Sessions always live in their workspace's folder.

import type { JsonSchema } from '../contract.js';
import { object, ref, text } from './build.js';

export const WORKSPACE_DEFS = {
  Workspace: object(
    'A folder the agents work in.',
    {
      id: ref('WorkspaceId', 'Stable id used by every session and event of this workspace.'),
      name: text('Display name; defaults to the folder name.'),
      path: text('Absolute path of the folder on the host machine.'),
      addedAt: ref('Timestamp', 'When it was added.'),
    },
    ['id', 'name', 'path', 'addedAt'],
  ),
} as const satisfies Record<string, JsonSchema>;
