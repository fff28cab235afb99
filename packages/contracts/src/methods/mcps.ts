import type { MethodSpec } from '../contract.js';
import { HostErrorCode } from '../errors.js';
import { map, nullable, object, ref, text, yes } from '../schemas/build.js';

const byName = (description: string) => object(description, { name: ref('McpName', 'The server.') }, ['name']);
const MCP_CHANGE_ERRORS = [HostErrorCode.NotFound, HostErrorCode.Conflict, HostErrorCode.ValidationFailed];

export const MCP_METHODS = {
  'mcps.add': {
    description:
      'Add a custom MCP server. The command or URL is checked against the command and network policies (VALIDATION_FAILED names the field); values are stored encrypted; it starts in permission mode "ask". The runtime reloads to pick it up.',
    params: object('The server.', { mcp: ref('CustomMcpInput', 'The server to add.') }, ['mcp']),
    result: ref('McpInfo', 'The added server (status "unknown" until the runtime has reloaded).'),
    errors: [HostErrorCode.Conflict, HostErrorCode.ValidationFailed, HostErrorCode.NotFound],
  },
  'mcps.update': {
    description: 'Replace a custom MCP server\'s definition (its name stays). Null environment or header values keep what is stored. The runtime reloads.',
    params: object('The server.', { mcp: ref('CustomMcpInput', 'The new definition; name picks the server.') }, ['mcp']),
    result: ref('McpInfo', 'The updated server.'),
    errors: MCP_CHANGE_ERRORS,
  },
  'mcps.remove': {
    description: 'Remove a custom MCP server and its stored values. Bundled servers cannot be removed (CONFLICT). The runtime reloads.',
    params: byName('The server.'),
    result: object('Removed.', { deleted: yes('Always true.') }, ['deleted']),
    errors: [HostErrorCode.NotFound, HostErrorCode.Conflict],
  },
  'mcps.setTrust': {
    description: 'Trust a custom MCP server (permission mode "allow": its tools run without asking, agent deny patterns still win) or return it to "ask". The runtime reloads.',
    params: object(
      'The server and the choice.',
      { name: ref('McpName', 'A custom server.'), trusted: { type: 'boolean', description: 'true: "allow"; false: "ask".' } },
      ['name', 'trusted'],
    ),
    result: ref('McpInfo', 'The server.'),
    errors: [HostErrorCode.NotFound, HostErrorCode.Conflict],
  },
  'mcps.test': {
    description:
      'Connect to a server (saved, or a draft from the form) and list its tools, without touching the runtime. Local servers are started with only their own environment; remote ones through the network guard.',
    params: object('What to test.', { target: ref('McpTarget', 'A saved server or a draft.') }, ['target']),
    result: ref('McpTestResult', 'What happened.'),
    errors: [HostErrorCode.NotFound, HostErrorCode.ValidationFailed],
  },
  'mcps.setCredentials': {
    description:
      'Store credential fields of a bundled MCP (encrypted; a null value removes that field; fields not named keep their value). For authMode "api_token" a preflight check runs and its result is returned; either way the runtime reloads.',
    params: object(
      'The server and its values.',
      {
        name: ref('McpName', 'A bundled server that declares credentials.'),
        values: map(
          'Field key → value, or null to remove it.',
          nullable(text('The value.', { maxLength: 65_536 }), 'The value, or null to remove it.'),
          { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]*$', maxLength: 100, description: 'A credential key.' },
        ),
      },
      ['name', 'values'],
    ),
    result: object(
      'The server after the change.',
      { mcp: ref('McpInfo', 'The server.'), preflight: ref('McpTestResult', 'authMode "api_token": the preflight check.') },
      ['mcp'],
    ),
    errors: [HostErrorCode.NotFound, HostErrorCode.ValidationFailed],
  },
} as const satisfies Record<string, MethodSpec>;
