// MCP servers as the Tools & Skills page manages them: the user's own servers (custom MCPs),
// credentials of bundled ones, and the result of a connection test. Values of environment
// variables, headers and secret credentials go in, never out: reads name the keys only.
import type { JsonSchema } from '../contract.js';
import { array, boolean, integer, map, nullable, object, oneOf, oneOfStrings, ref, string, text } from './build.js';

const ENV_NAME = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$', maxLength: 128, description: 'An environment variable name.' } as const;
const HEADER_NAME = { type: 'string', pattern: "^[A-Za-z0-9!#$%&'*+.^_`|~-]+$", maxLength: 128, description: 'An HTTP header name.' } as const;

export const MCP_DEFS = {
  McpName: string('An MCP server name: lower-case letters, digits, "-" and "_"; its tools are named "<name>_<tool>".', {
    pattern: '^[a-z0-9][a-z0-9_-]*$',
    maxLength: 48,
  }),
  McpScope: oneOfStrings(['machine', 'workspace'], '"machine": every workspace\'s sessions may use it; "workspace": only sessions of workspaceId.'),
  McpPermissionMode: oneOfStrings(['ask', 'allow'], '"ask" asks before each tool call; "allow" (trusted) runs its tools without asking. Agent deny patterns still win.'),
  CustomMcpInput: object(
    'A user-added MCP server, as the Add MCP form sends it.',
    {
      name: ref('McpName', 'Unique among bundled and custom servers.'),
      description: text('What it provides, shown on its card.', { maxLength: 512 }),
      type: oneOfStrings(['local', 'remote'], '"local": a process on this machine (stdio); "remote": an HTTP endpoint.'),
      command: array('Local: the program (an absolute path) and its arguments. No shells with -c, no shell metacharacters.', text('One argument.', { maxLength: 4096 }), {
        maxItems: 64,
      }),
      environment: map(
        'Local: environment variables for the process. On update, null keeps the stored value of that variable; a variable left out is removed.',
        nullable(text('The value.', { maxLength: 16_384 }), 'The value, or null to keep the stored one.'),
        ENV_NAME,
      ),
      url: text('Remote: the endpoint; https, or http to a loopback address.', { maxLength: 2048 }),
      headers: map(
        'Remote: HTTP headers sent with every request (e.g. Authorization). On update, null keeps the stored value; a header left out is removed.',
        nullable(text('The value.', { maxLength: 16_384 }), 'The value, or null to keep the stored one.'),
        HEADER_NAME,
      ),
      scope: ref('McpScope', 'Where it can be used; unset means "machine".'),
      workspaceId: text('With scope "workspace": the workspace.'),
      googleAuth: boolean('Local: give the process GOOGLE_APPLICATION_CREDENTIALS when the user is signed in with Google.'),
      allowPrivateNetwork: boolean('Remote: allow a private or internal network address (cloud metadata stays refused).'),
      traceLabel: text('Label for its calls in chat tool traces, e.g. "ticket action"; unset uses "tool call".', { maxLength: 64 }),
    },
    ['name', 'type'],
  ),
  CustomMcp: object(
    'A user-added MCP server as stored (values of environment variables and headers are never returned).',
    {
      type: oneOfStrings(['local', 'remote'], 'Local process or remote endpoint.'),
      command: array('Local: program and arguments.', text('One argument.')),
      environmentKeys: array('Local: the environment variables it gets (names only).', text('A variable name.')),
      url: text('Remote: the endpoint.'),
      headerNames: array('Remote: the headers it is sent (names only).', text('A header name.')),
      scope: ref('McpScope', 'Where it can be used.'),
      workspaceId: text('With scope "workspace": the workspace.'),
      googleAuth: boolean('Gets the Google credentials file when signed in.'),
      allowPrivateNetwork: boolean('May be on a private network.'),
      traceLabel: text('Chat trace label.'),
      createdAt: text('When it was added (ISO 8601).'),
      updatedAt: text('When it last changed (ISO 8601).'),
    },
    ['type', 'scope', 'createdAt', 'updatedAt'],
  ),
  McpCredentialOptionView: object(
    'One choice of a select or radio field.',
    { label: text('Shown text.'), value: text('Stored value.'), hint: string('Help text.') },
    ['label', 'value'],
  ),
  CredentialCondition: object(
    'Shows a credential field only when another field has (op "eq") or lacks (op "neq") a value. Hiding never clears a stored value.',
    { key: text('The other field.'), op: oneOfStrings(['eq', 'neq'], 'Comparison.'), value: string('The value compared.') },
    ['key', 'op', 'value'],
  ),
  McpCredentialFieldView: object(
    'A credential field of a bundled MCP, for the Tools & Skills form.',
    {
      key: text('The field key.'),
      label: text('Field label.'),
      description: string('Help text.'),
      type: oneOfStrings(['text', 'select', 'radio'], 'Input control.'),
      options: array('Choices of select and radio fields.', ref('McpCredentialOptionView', 'One choice.')),
      when: ref('CredentialCondition', 'Shown only when another field has or lacks a value.'),
      secret: boolean('Masked, write-only.'),
      required: boolean('The server counts as unconfigured until it is filled.'),
      placeholder: text('Placeholder hint.'),
      isSet: boolean('Whether a value is stored.'),
      value: text('The stored value of a non-secret field (never of a secret one).'),
    },
    ['key', 'label', 'type', 'secret', 'required', 'isSet'],
  ),
  McpTestFailure: oneOfStrings(
    ['policy', 'missing_credentials', 'unauthorized', 'forbidden', 'network', 'timeout', 'protocol', 'spawn'],
    'Why a test failed: refused by the command or network policy; a required credential missing; the token rejected (401); forbidden by policy (403); DNS, connection or proxy failure; no answer in time; the server answered but not as an MCP server (or its tool list failed); the process could not start or exited.',
  ),
  McpTestResult: object(
    'The outcome of connecting to a server and listing its tools.',
    {
      ok: boolean('Connected and listed its tools.'),
      tools: array('Tool names the server offers (ok only).', text('A tool name as the server names it.')),
      failure: ref('McpTestFailure', 'When not ok: the kind of failure.'),
      message: string('When not ok: what went wrong, for people.'),
      help: string('When not ok: the server\'s credentialHelp, if it has one.'),
      durationMs: integer('How long the test took.', { minimum: 0 }),
    },
    ['ok', 'tools', 'durationMs'],
  ),
  McpTarget: oneOf('A saved server by name, or a draft not saved yet.', [
    object('A saved server.', { name: ref('McpName', 'The server.') }, ['name']),
    object('A draft from the Add MCP form.', { draft: ref('CustomMcpInput', 'The draft.') }, ['draft']),
  ]),
} as const satisfies Record<string, JsonSchema>;
