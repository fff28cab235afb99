// Definitions shared by every area: ids, names, times, acknowledgements.

import type { JsonSchema } from '../contract.js';
import { map, anyJson, object, oneOfStrings, string, yes } from './build.js';

export const COMMON_DEFS = {
  WorkspaceId: string('A workspace id, as returned by workspaces.add (opaque; stable while the workspace is listed).', {
    minLength: 1,
    maxLength: 128,
  }),
  SessionId: string("An OpenCode session id (`ses_…`).", { minLength: 1, maxLength: 256 }),
  MessageId: string("An OpenCode message id (`msg_…`).", { minLength: 1, maxLength: 256 }),
  PartId: string("An OpenCode message-part id (`prt_…`).", { minLength: 1, maxLength: 256 }),
  RequestId: string("The id of a pending permission request (`per_…`) or question (`que_…`).", { minLength: 1, maxLength: 256 }),
  Timestamp: { type: 'number', minimum: 0, description: 'A point in time, in Unix epoch milliseconds.' },
  ModelRef: string(
    'A fully qualified model reference, "provider/model", e.g. "openrouter/anthropic/claude-sonnet-4". The model part may itself contain slashes.',
    { pattern: '^[a-z0-9][a-z0-9._-]*/.+$' },
  ),
  ProviderId: string('A provider id as the OpenCode runtime knows it, e.g. "openrouter", "openai" or "github-copilot".', {
    pattern: '^[a-z0-9][a-z0-9._-]*$',
    maxLength: 128,
  }),
  AgentName: string('An agent name: lower-case letters, digits and hyphens, starting with a letter or digit.', {
    pattern: '^[a-z0-9][a-z0-9-]*$',
    maxLength: 64,
  }),
  SkillName: string('A skill name: lower-case letters, digits and hyphens, starting with a letter or digit.', {
    pattern: '^[a-z0-9][a-z0-9-]*$',
    maxLength: 64,
  }),
  ToolId: string('The id of an entry in the tool catalog (capabilities.list).', { pattern: '^[a-z0-9][a-z0-9._-]*$', maxLength: 64 }),
  PermissionChoice: oneOfStrings(
    ['off', 'ask', 'allow'],
    'A user\'s choice for one capability, least to most permissive: "off" blocks it, "ask" asks before each use, "allow" runs without asking.',
  ),
  ColorToken: oneOfStrings(
    ['neutral', 'accent', 'info', 'success', 'warning', 'danger'],
    'A semantic colour token for agent chips and cards; the app maps it to the active theme.',
  ),
  JsonObject: map('A JSON object passed through unchanged; the host does not interpret its keys.', anyJson('Any JSON value.')),
  Ok: object('The action was carried out.', { ok: yes('Always true.') }, ['ok']),
} as const satisfies Record<string, JsonSchema>;
