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
      since: ref('Timestamp', 'ready: when it became ready.'),
      attempt: integer('starting, restarting: the attempt number, 1 for the first.', { minimum: 0 }),
      delayMs: integer('restarting: how long until the next attempt starts.', { minimum: 0 }),
    },
    ['state'],
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
