// Workspaces: folders the one runtime works in. Sessions always live in their workspace's folder.

import type { JsonSchema } from '../contract.js';
import { array, boolean, integer, object, oneOfStrings, ref, text } from './build.js';

/** What OpenCode makes of an item found (see packages/runtime/src/project-config.ts). */
export const TRUST_ITEM_KINDS = ['plugin', 'tool', 'agent', 'command', 'mode', 'skill', 'config', 'other'] as const;

export const WORKSPACE_DEFS = {
  Workspace: object(
    'A folder the agents work in.',
    {
      id: ref('WorkspaceId', 'Stable id used by every session and event of this workspace.'),
      name: text('Display name; defaults to the folder name.'),
      path: text('Absolute path of the folder on the host machine.'),
      addedAt: ref('Timestamp', 'When it was added.'),
      trust: ref('WorkspaceTrust', 'What OpenCode configuration the folder and its parents hold, and what is trusted (in answers of workspaces.* methods).'),
    },
    ['id', 'name', 'path', 'addedAt'],
  ),
  WorkspaceTrust: object(
    "OpenCode configuration around a workspace. A folder's configuration (a .opencode folder with plugins, tools, agents, commands, modes or skills; opencode.json or opencode.jsonc) can run code inside the runtime or change how it behaves, so the runtime loads it only when that exact folder is trusted: trusting a workspace says nothing about its parent folders. Instructions such as AGENTS.md are not configuration.",
    {
      trusted: boolean('The workspace folder itself is trusted.'),
      ask: boolean('Some folder here holds configuration and nobody has answered for it yet: ask the user (workspaces.trust answers).'),
      blocked: boolean(
        'The runtime runs without a sandbox and a folder here holds configuration that is not trusted; calls in this workspace are refused with WORKSPACE_UNTRUSTED until those folders are trusted or their configuration removed.',
      ),
      folders: array('The folders with configuration: the workspace folder first when it has any, then its parents, nearest first.', ref('TrustFolder', 'One folder.')),
    },
    ['trusted', 'ask', 'blocked', 'folders'],
  ),
  TrustFolder: object(
    'A folder holding OpenCode configuration.',
    {
      path: text('Absolute path of the folder.'),
      decision: oneOfStrings(['trusted', 'untrusted', 'undecided'], 'The user\'s answer for this folder; only "trusted" lets its configuration load.'),
      items: array('What its configuration holds, plugins first (at most 50).', ref('TrustItem', 'One item.')),
      more: integer('Items left out of the list.', { minimum: 0 }),
    },
    ['path', 'decision', 'items', 'more'],
  ),
  TrustItem: object(
    'One piece of OpenCode configuration.',
    {
      path: text('Absolute path, as found (links not followed).'),
      kind: oneOfStrings(
        TRUST_ITEM_KINDS,
        'plugin: code OpenCode imports into the runtime; tool: a custom tool (code); agent, command, mode, skill: definitions; config: an opencode.json(c) (plugins, MCP servers, providers, permissions); other: anything else in a .opencode folder.',
      ),
    },
    ['path', 'kind'],
  ),
  TrustedFolder: object(
    'A folder the user trusts.',
    {
      path: text('Absolute path of the folder.'),
      since: ref('Timestamp', 'When it was trusted.'),
    },
    ['path', 'since'],
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
