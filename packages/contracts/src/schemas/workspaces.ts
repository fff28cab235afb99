// Workspaces: folders the one runtime works in. Sessions always live in their workspace's folder.

import type { JsonSchema } from '../contract.js';
import { integer, object, ref, text } from './build.js';

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
  WorkspaceFile: object(
    'A file inside a workspace folder, as the attachment picker lists it.',
    {
      path: text('Path relative to the workspace folder, with "/" separators (never absolute, never "..").', { maxLength: 4096 }),
      size: integer('Size in bytes.', { minimum: 0 }),
      modified: ref('Timestamp', 'When it last changed.'),
    },
    ['path', 'size', 'modified'],
  ),
} as const satisfies Record<string, JsonSchema>;
