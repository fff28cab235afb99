// Talking to an OpenAI-compatible endpoint directly, before it is saved: its model list
// (GET <base>/models) and one short real prompt (POST <base>/chat/completions). The key goes
// to that endpoint only; errors name the endpoint by origin and never quote the key.
import { CodedError, HostErrorCode } from '@open-cowork/contracts';
import { badField } from '../state/fields.js';

const TIMEOUT_MS = 20_000;
const REPLY_CHARS = 200;

export interface Endpoint {
  readonly baseURL: string;
  readonly apiKey?: string;
}

/** The base URL as a URL (BAD_REQUEST naming `field` unless it is http or https). */
export function checkBaseUrl(value: string, field = 'baseURL'): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw badField(field, `must be an http:// or https:// URL (got "${value.slice(0, 200)}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badField(field, `must be an http:// or https:// URL (got a ${url.protocol} URL)`);
  return url;
}

export async function listModels(endpoint: Endpoint): Promise<string[]> {
  const response = await call(endpoint, 'models', { method: 'GET' });
  const body = (await response.json().catch(() => undefined)) as { data?: unknown } | undefined;
  const data = Array.isArray(body?.data) ? body.data : undefined;
  if (data === undefined) throw failed(endpoint, 'its /models answer has no "data" list');
  return data.flatMap((entry: unknown) => (typeof entry === 'object' && entry !== null && typeof (entry as { id?: unknown }).id === 'string' ? [(entry as { id: string }).id] : []));
}

export type TestOutcome = { readonly ok: true; readonly reply: string } | { readonly ok: false; readonly problem: string };

/** One short prompt; a refusal or a network error is an outcome, not an exception. */
export async function testPrompt(endpoint: Endpoint, model: string): Promise<TestOutcome> {
  try {
    const response = await call(endpoint, 'chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, stream: false, max_tokens: 32, messages: [{ role: 'user', content: 'Reply with one short sentence: are you there?' }] }),
    });
    const body = (await response.json().catch(() => undefined)) as { choices?: { message?: { content?: unknown } }[] } | undefined;
    const content = body?.choices?.[0]?.message?.content;
    if (typeof content !== 'string') return { ok: false, problem: `${origin(endpoint)} answered without a message` };
    return { ok: true, reply: content.slice(0, REPLY_CHARS) };
  } catch (error) {
    return { ok: false, problem: (error as Error).message };
  }
}

async function call(endpoint: Endpoint, route: string, init: RequestInit): Promise<Response> {
  const base = checkBaseUrl(endpoint.baseURL);
  const url = new URL(route, base.href.endsWith('/') ? base.href : `${base.href}/`);
  const headers = new Headers(init.headers);
  if (endpoint.apiKey !== undefined && endpoint.apiKey !== '') headers.set('authorization', `Bearer ${endpoint.apiKey}`);
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'error' });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw failed(endpoint, `it could not be reached (${cause?.code ?? cause?.message ?? (error as Error).message})`);
  }
  if (!response.ok) {
    const detail = (await response.text().catch(() => '')).replace(/\s+/g, ' ').slice(0, 200);
    throw failed(endpoint, `it answered HTTP ${response.status}${detail === '' ? '' : `: ${scrub(detail, endpoint)}`}`, response.status);
  }
  return response;
}

function origin(endpoint: Endpoint): string {
  return new URL(endpoint.baseURL).origin;
}

/** An endpoint may echo the key it was sent; it never leaves through a message. */
function scrub(text: string, endpoint: Endpoint): string {
  return endpoint.apiKey === undefined || endpoint.apiKey === '' ? text : text.split(endpoint.apiKey).join('[redacted]');
}

function failed(endpoint: Endpoint, why: string, status?: number): CodedError {
  return new CodedError(HostErrorCode.RuntimeRequestFailed, `${origin(endpoint)}: ${why}.`, status === undefined ? {} : { status });
}
