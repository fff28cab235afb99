// What agents can use: the tool catalog, skills and MCP servers with their live status.

import type { JsonSchema } from '../contract.js';
import { array, boolean, object, oneOfStrings, ref, string, text } from './build.js';

export const CAPABILITY_DEFS = {
  CatalogTool: object(
    'One entry of the curated tool catalog: a group of runtime tools as the app names and permissions it.',
    {
      id: ref('ToolId', 'Stable id agents and skills refer to.'),
      name: text('Display name.'),
      icon: text('Icon name or asset path; unset uses a generic tool icon.'),
      description: string('What the tool does.'),
      patterns: array('Runtime tool-name patterns the entry covers.', text('A tool name or glob pattern.')),
      writeAccess: boolean('Whether the tool can change state; unset when the app infers it from tool names.'),
      mcp: text('The MCP server that provides these tools, when one does.'),
    },
    ['id', 'name', 'patterns'],
  ),
  SkillInfo: object(
    'A skill agents can load.',
    {
      name: ref('SkillName', 'The skill\'s id (what agents list in skillNames).'),
      label: text('Display name, when the config gives the skill one apart from its id.'),
      description: string('What the skill helps with.'),
      badge: text('Short label shown on the skill card.'),
      toolIds: array('Tool catalog ids the skill relies on.', ref('ToolId', 'A tool catalog id.')),
      usedBy: array('Agents that may load it.', ref('AgentName', 'An agent name.')),
    },
    ['name', 'toolIds', 'usedBy'],
  ),
  McpState: oneOfStrings(
    ['connected', 'failed', 'disabled', 'needs_auth', 'needs_client_registration', 'unknown'],
    'Live status from the runtime; "unknown" while the runtime is not ready.',
  ),
  McpInfo: object(
    'An MCP server and how it is doing.',
    {
      name: text('Server name; its tools are prefixed with it.'),
      type: oneOfStrings(['local', 'remote'], '"local" runs as a child process, "remote" is reached over HTTP.'),
      description: string('What the server provides.'),
      status: ref('McpState', 'Live status.'),
      error: string('failed, needs_client_registration: why.'),
      usedBy: array('Agents granted its tools.', ref('AgentName', 'An agent name.')),
      source: oneOfStrings(['bundled', 'custom'], '"bundled": shipped in the app config; "custom": added by the user.'),
      authMode: oneOfStrings(['none', 'api_token', 'oauth'], 'How it authenticates: nothing, credentials collected here (with a preflight check), or the MCP\'s own OAuth.'),
      permissionMode: ref('McpPermissionMode', 'Whether its tools ask before each call.'),
      credentials: array('Bundled servers: the credential fields to fill in.', ref('McpCredentialFieldView', 'One field.')),
      credentialHelp: string('Guidance shown when its credential check fails.'),
      configured: boolean('False while a required credential is missing.'),
      custom: ref('CustomMcp', 'Custom servers: how it was added.'),
    },
    ['name', 'type', 'status', 'usedBy', 'source', 'permissionMode', 'configured'],
  ),
} as const satisfies Record<string, JsonSchema>;
