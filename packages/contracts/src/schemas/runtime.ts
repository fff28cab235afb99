// The managed OpenCode runtime as clients see it (mirrors RuntimeStatus in packages/runtime).

import type { JsonSchema } from '../contract.js';
import { boolean, integer, object, oneOfStrings, ref, string, text } from './build.js';

export const RUNTIME_DEFS = {
  RuntimeStatus: object(
    'Where the managed runtime is in its life. Which optional fields are present depends on `state`.',
    {
      state: oneOfStrings(
        ['stopped', 'starting', 'ready', 'restarting', 'failed'],
        '"ready" accepts requests; "starting" and "restarting" will become ready or failed; "failed" needs a runtime.restart.',
      ),
      reason: string('restarting, failed: why, for people.'),
      code: string('failed: a stable error code (e.g. RUNTIME_START_TIMEOUT, RUNTIME_RESTART_LIMIT).'),
      url: string('ready: the runtime\'s loopback URL (password-protected; for diagnostics only).'),
      version: string('ready: the OpenCode version running.'),
      pid: integer('ready: the runtime\'s process id.', { minimum: 0 }),
      since: ref('Timestamp', 'ready: when it became ready, or last took a changed config without a restart (a new value means the change applied).'),
      attempt: integer('starting, restarting: the attempt number, 1 for the first.', { minimum: 0 }),
      delayMs: integer('restarting: how long until the next attempt starts.', { minimum: 0 }),
      sandbox: ref('SandboxInfo', 'ready: the isolation boundary the runtime (and every shell and MCP server it starts) runs in.'),
    },
    ['state'],
  ),
  SandboxInfo: object(
    'An isolation boundary, described for status lines and the UI (see docs/security.md).',
    {
      requested: oneOfStrings(['auto', 'none', 'bwrap', 'podman', 'docker', 'macos'], 'What was asked for (`auto`: the strongest backend that works on this machine).'),
      backend: oneOfStrings(['none', 'bwrap', 'podman', 'docker', 'macos'], 'What runs; `none` is no sandbox at all.'),
      strength: oneOfStrings(['strong', 'partial', 'none'], 'strong: system read-only, only the workspaces writable, a private process table, and a nested boundary per shell and MCP server; partial: a boundary with a gap named in `reason`; none: unsandboxed.'),
      network: oneOfStrings(['on', 'off'], 'off: loopback only.'),
      children: oneOfStrings(['namespace', 'no-proc', 'shared'], 'How shells and MCP servers are kept from the runtime: a nested boundary with its own /proc, one without /proc, or the same boundary.'),
      description: text('One sentence for people.'),
      reason: text('Why the boundary is weaker than asked or than strong.'),
    },
    ['requested', 'backend', 'strength', 'network', 'children', 'description'],
  ),
  RuntimeErrorInfo: object(
    'Why something failed inside the runtime, as OpenCode named it.',
    {
      name: text(
        "OpenCode's error name (APIError, MessageAbortedError, ProviderAuthError, ContextOverflowError, MessageOutputLengthError, UnknownError, …) or ModelRetriesExhausted.",
      ),
      message: string('What happened, for people.'),
      statusCode: integer('APIError: the HTTP status of the failed model call.'),
      retryable: boolean('APIError: whether OpenCode considered the call retryable.'),
      providerId: string('ProviderAuthError: the provider that failed authentication.'),
    },
    ['name', 'message'],
  ),
} as const satisfies Record<string, JsonSchema>;
