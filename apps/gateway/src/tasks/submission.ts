// Checking what arrives over the Task API: a submission (POST /tasks) and a runner's reports.
// Every problem is named with its JSON path; nothing unknown is let through.
import { RUNNER_EVENT_KINDS, TASK_KINDS, type RunnerEvent, type RunnerResult, type TaskCallback, type TaskKind, type TaskResult } from '@open-cowork/contracts';
import { checkRemoteUrl } from '@open-cowork/host';
import { canDeliver } from '../channels/outbound.js';
import type { GatewayConfig } from '../config/load.js';
import { LABEL } from './credentials.js';

export const MAX_PROMPT_CHARS = 100_000;
export const MAX_COMMAND_CHARS = 10_000;
export const MAX_SESSION_KEY_CHARS = 200;
export const MAX_EVENTS_PER_REPORT = 200;
export const MAX_TEXT_CHARS = 1_000_000;

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly string[] };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function unknownKeys(value: Json, allowed: readonly string[], where: string, problems: string[]): void {
  for (const key of Object.keys(value)) if (!allowed.includes(key)) problems.push(`${where}${key} is not a known field`);
}

function text(value: unknown, where: string, max: number, problems: string[]): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push(`${where} must be a non-empty string`);
    return undefined;
  }
  if (value.length > max) problems.push(`${where} is longer than ${max} characters`);
  return value;
}

export interface CheckedSubmission {
  readonly kind: TaskKind;
  readonly workspace: string;
  readonly prompt?: string;
  readonly command?: string;
  readonly sessionKey?: string;
  readonly timeoutMs: number;
  readonly callback?: TaskCallback;
}

/** The body of POST /tasks, checked against the schema and the gateway's limits. */
export function checkSubmission(body: unknown, config: GatewayConfig): Checked<CheckedSubmission> {
  const problems: string[] = [];
  if (!isObject(body)) return { ok: false, problems: ['the body must be a JSON object'] };
  unknownKeys(body, ['kind', 'workspace', 'prompt', 'command', 'sessionKey', 'timeoutMs', 'callback'], '/', problems);
  const kind = body['kind'];
  if (!(TASK_KINDS as readonly unknown[]).includes(kind)) problems.push(`/kind must be one of ${TASK_KINDS.join(', ')}`);
  const workspace = body['workspace'];
  if (typeof workspace !== 'string' || !LABEL.test(workspace)) problems.push('/workspace must be a workspace label (letters, digits, ".", "_" and "-", at most 63)');
  let prompt: string | undefined;
  let command: string | undefined;
  if (kind === 'prompt') {
    prompt = text(body['prompt'], '/prompt', MAX_PROMPT_CHARS, problems);
    if (body['command'] !== undefined) problems.push('/command is for command tasks; a prompt task takes /prompt');
  } else if (kind === 'command') {
    command = text(body['command'], '/command', MAX_COMMAND_CHARS, problems);
    if (body['prompt'] !== undefined) problems.push('/prompt is for prompt tasks; a command task takes /command');
  }
  let sessionKey: string | undefined;
  if (body['sessionKey'] !== undefined) sessionKey = text(body['sessionKey'], '/sessionKey', MAX_SESSION_KEY_CHARS, problems);
  let timeoutMs = config.tasks.defaultTimeoutMs;
  if (body['timeoutMs'] !== undefined) {
    const value = body['timeoutMs'];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1000 || value > config.tasks.maxTimeoutMs) problems.push(`/timeoutMs must be a whole number of milliseconds from 1000 to ${config.tasks.maxTimeoutMs}`);
    else timeoutMs = value;
  }
  const callback = body['callback'] === undefined ? undefined : checkCallback(body['callback'], config, problems);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      kind: kind as TaskKind,
      workspace: workspace as string,
      ...(prompt === undefined ? {} : { prompt }),
      ...(command === undefined ? {} : { command }),
      ...(sessionKey === undefined ? {} : { sessionKey }),
      timeoutMs,
      ...(callback === undefined ? {} : { callback }),
    },
  };
}

function checkCallback(value: unknown, config: GatewayConfig, problems: string[]): TaskCallback | undefined {
  if (!isObject(value) || (('url' in value) === ('chat' in value))) {
    problems.push('/callback must be {"url": "https://…"} or {"chat": {"provider", "chatId", "threadId"?, "workspaceId"?}}');
    return undefined;
  }
  if ('url' in value) {
    unknownKeys(value, ['url'], '/callback/', problems);
    const url = value['url'];
    if (typeof url !== 'string') {
      problems.push('/callback/url must be a string');
      return undefined;
    }
    if (config.tasks.callbackSecret === undefined) problems.push('/callback/url needs the gateway to have TASK_CALLBACK_SECRET, which signs callbacks; this gateway has none');
    const check = checkRemoteUrl(url, { allowPrivateNetwork: config.tasks.callbackAllowPrivateNetwork });
    if (!check.ok) problems.push(`/callback/url is refused: ${check.message}`);
    return { url };
  }
  const chat = value['chat'];
  if (!isObject(chat)) {
    problems.push('/callback/chat must be an object');
    return undefined;
  }
  unknownKeys(chat, ['provider', 'chatId', 'threadId', 'workspaceId'], '/callback/chat/', problems);
  const field = (name: string, required: boolean): string | undefined => {
    const v = chat[name];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || v === '' || v.length > 200) {
      problems.push(`/callback/chat/${name} must be a non-empty string of at most 200 characters`);
      return undefined;
    }
    return v;
  };
  const provider = field('provider', true);
  const chatId = field('chatId', true);
  const threadId = field('threadId', false);
  const workspaceId = field('workspaceId', false);
  if (provider === undefined || chatId === undefined) return undefined;
  if (!canDeliver({ config }, provider)) problems.push(`/callback/chat/provider "${provider}" is not a channel this gateway writes to (Telegram with TELEGRAM_BOT_TOKEN, or a webhook provider id of WEBHOOK_PROVIDER_IDS with WEBHOOK_DELIVERY_URL)`);
  return { chat: { provider, chatId, ...(threadId === undefined ? {} : { threadId }), ...(workspaceId === undefined ? {} : { workspaceId }) } };
}

/** The body of POST /runner/tasks/<id>/events. */
export function checkRunnerEvents(body: unknown): Checked<{ readonly claimToken: string; readonly events: readonly RunnerEvent[] }> {
  const problems: string[] = [];
  if (!isObject(body)) return { ok: false, problems: ['the body must be a JSON object'] };
  unknownKeys(body, ['claimToken', 'events'], '/', problems);
  const claimToken = claimTokenOf(body, problems);
  const events = body['events'];
  if (!Array.isArray(events) || events.length === 0 || events.length > MAX_EVENTS_PER_REPORT) {
    problems.push(`/events must be an array of 1 to ${MAX_EVENTS_PER_REPORT} events`);
  } else {
    events.forEach((event: unknown, index) => {
      if (!isObject(event) || !(RUNNER_EVENT_KINDS as readonly unknown[]).includes(event['kind'])) problems.push(`/events/${index}/kind must be one of ${RUNNER_EVENT_KINDS.join(', ')}`);
      else if (event['data'] !== undefined && !isObject(event['data'])) problems.push(`/events/${index}/data must be an object`);
      else unknownKeys(event, ['kind', 'data'], `/events/${index}/`, problems);
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { claimToken: claimToken!, events: events as RunnerEvent[] } };
}

/** The body of POST /runner/tasks/<id>/result. */
export function checkRunnerResult(body: unknown): Checked<RunnerResult> {
  const problems: string[] = [];
  if (!isObject(body)) return { ok: false, problems: ['the body must be a JSON object'] };
  unknownKeys(body, ['claimToken', 'status', 'result', 'error'], '/', problems);
  const claimToken = claimTokenOf(body, problems);
  const status = body['status'];
  if (status !== 'completed' && status !== 'failed') problems.push('/status must be completed or failed');
  let result: TaskResult | undefined;
  if (body['result'] !== undefined) {
    const value = body['result'];
    if (!isObject(value)) problems.push('/result must be an object');
    else {
      unknownKeys(value, ['text', 'exitCode', 'output', 'truncated'], '/result/', problems);
      if (value['text'] !== undefined && (typeof value['text'] !== 'string' || value['text'].length > MAX_TEXT_CHARS)) problems.push(`/result/text must be a string of at most ${MAX_TEXT_CHARS} characters`);
      if (value['output'] !== undefined && (typeof value['output'] !== 'string' || value['output'].length > MAX_TEXT_CHARS)) problems.push(`/result/output must be a string of at most ${MAX_TEXT_CHARS} characters`);
      if (value['exitCode'] !== undefined && !Number.isInteger(value['exitCode'])) problems.push('/result/exitCode must be an integer');
      if (value['truncated'] !== undefined && typeof value['truncated'] !== 'boolean') problems.push('/result/truncated must be true or false');
      result = value as TaskResult;
    }
  }
  const error = body['error'];
  if (error !== undefined && (typeof error !== 'string' || error.length > 10_000)) problems.push('/error must be a string of at most 10000 characters');
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { claimToken: claimToken!, status: status as RunnerResult['status'], ...(result === undefined ? {} : { result }), ...(typeof error === 'string' ? { error } : {}) } };
}

/** A body that carries only the claim token (heartbeat, release). */
export function checkClaimOnly(body: unknown, extra: readonly string[] = []): Checked<{ readonly claimToken: string; readonly reason?: string }> {
  const problems: string[] = [];
  if (!isObject(body)) return { ok: false, problems: ['the body must be a JSON object'] };
  unknownKeys(body, ['claimToken', ...extra], '/', problems);
  const claimToken = claimTokenOf(body, problems);
  const reason = body['reason'];
  if (reason !== undefined && (typeof reason !== 'string' || reason.length > 500)) problems.push('/reason must be a string of at most 500 characters');
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { claimToken: claimToken!, ...(typeof reason === 'string' ? { reason } : {}) } };
}

function claimTokenOf(body: Json, problems: string[]): string | undefined {
  const token = body['claimToken'];
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) {
    problems.push('/claimToken must be the claim token the poll gave with the task');
    return undefined;
  }
  return token;
}
