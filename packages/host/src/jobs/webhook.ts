// Job notifications to a webhook of the operator's choosing, besides the job.finished event:
// a signed POST per notification (HMAC-SHA256 over "<timestamp>.<body>"), through the network
// guard (no private or loopback address unless allowed; cloud metadata never). A refusal or a
// non-2xx answer throws, so the jobs outbox retries it with backoff, across restarts too.
import { createHmac } from 'node:crypto';
import { CodedError, HostErrorCode } from '@open-cowork/contracts';
import { createGuardedFetch, type GuardedFetch } from '../network/index.js';

export const JOBS_WEBHOOK_ENV = {
  url: 'OPEN_COWORK_JOBS_WEBHOOK_URL',
  secret: 'OPEN_COWORK_JOBS_WEBHOOK_SECRET',
  allowPrivate: 'OPEN_COWORK_JOBS_WEBHOOK_ALLOW_PRIVATE_NETWORK',
} as const;

export const JOBS_WEBHOOK_HEADERS = {
  id: 'x-open-cowork-notification-id',
  timestamp: 'x-open-cowork-timestamp',
  signature: 'x-open-cowork-signature',
} as const;

const MIN_SECRET_CHARS = 16;
const TIMEOUT_MS = 15_000;

export interface JobsWebhook {
  readonly url: string;
  readonly secret: string;
  readonly fetch: GuardedFetch;
}

/** `sha256=<hex>` of HMAC-SHA256(secret, "<timestamp>.<body>"). */
export function signJobNotification(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

function invalid(message: string): CodedError<typeof HostErrorCode.BadRequest> {
  return new CodedError(HostErrorCode.BadRequest, message);
}

/** The webhook the environment names, or undefined; a half or wrong setting is an error naming the variable. */
export function jobsWebhookFromEnv(env: Readonly<Record<string, string | undefined>>, fetch?: GuardedFetch): JobsWebhook | undefined {
  const url = env[JOBS_WEBHOOK_ENV.url]?.trim() ?? '';
  const secret = env[JOBS_WEBHOOK_ENV.secret] ?? '';
  if (url === '' && secret === '') return undefined;
  if (url === '') throw invalid(`${JOBS_WEBHOOK_ENV.secret} is set but ${JOBS_WEBHOOK_ENV.url} is not: set both, or neither.`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(`${JOBS_WEBHOOK_ENV.url}: "${url}" is not a URL.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw invalid(`${JOBS_WEBHOOK_ENV.url}: only http and https URLs, not ${parsed.protocol}`);
  if (parsed.username !== '' || parsed.password !== '') throw invalid(`${JOBS_WEBHOOK_ENV.url}: no credentials in the URL; the signature authenticates the host.`);
  if (secret.length < MIN_SECRET_CHARS) throw invalid(`${JOBS_WEBHOOK_ENV.secret}: at least ${MIN_SECRET_CHARS} characters are required to sign notifications.`);
  const allowPrivate = env[JOBS_WEBHOOK_ENV.allowPrivate];
  if (allowPrivate !== undefined && allowPrivate !== '' && allowPrivate !== '0' && allowPrivate !== '1') throw invalid(`${JOBS_WEBHOOK_ENV.allowPrivate}: 1 or 0, not "${allowPrivate}".`);
  return { url: parsed.toString(), secret, fetch: fetch ?? createGuardedFetch({ allowPrivateNetwork: allowPrivate === '1', timeoutMs: TIMEOUT_MS }) };
}

/** Posts one notification; throws (for the outbox to retry) unless the endpoint answered 2xx. */
export async function postJobNotification(webhook: JobsWebhook, payload: { readonly id: string }, nowSeconds = Math.floor(Date.now() / 1000)): Promise<void> {
  const body = JSON.stringify(payload);
  const timestamp = String(nowSeconds);
  const response = await webhook.fetch(webhook.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [JOBS_WEBHOOK_HEADERS.id]: payload.id,
      [JOBS_WEBHOOK_HEADERS.timestamp]: timestamp,
      [JOBS_WEBHOOK_HEADERS.signature]: signJobNotification(webhook.secret, timestamp, body),
    },
    body,
    redirect: 'error',
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  await response.body?.cancel().catch(() => undefined);
  if (!response.ok) throw new Error(`The jobs webhook answered HTTP ${response.status}.`);
}
