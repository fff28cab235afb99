// Job notifications to the operator's webhook: the environment's settings are checked (each
// mistake names its variable), a notification arrives signed so the receiver can verify it, a
// failed answer throws (the outbox retries), and the network guard refuses what a hostile
// setting would aim at (cloud metadata, a private address unless allowed).
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOBS_WEBHOOK_HEADERS, jobsWebhookFromEnv, postJobNotification } from '../../src/jobs/webhook.js';

const SECRET = 'a-webhook-secret-of-32-characters';
const PAYLOAD = { id: 'job-mabcdefg-0123456789ab:completed', jobId: 'job-mabcdefg-0123456789ab', sessionId: 'one', state: 'completed', elapsedSeconds: 4, outputBytes: 12, requester: 'chat:abc' };

interface Received {
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

let server: Server;
let url = '';
const received: Received[] = [];
let answers: number[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.statusCode = answers.shift() ?? 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hooks/jobs`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const env = (extra: Record<string, string>) => ({ OPEN_COWORK_JOBS_WEBHOOK_URL: url, OPEN_COWORK_JOBS_WEBHOOK_SECRET: SECRET, ...extra });

describe('the jobs webhook settings', () => {
  it('is off when neither variable is set, and names the variable of each mistake', () => {
    expect(jobsWebhookFromEnv({})).toBeUndefined();
    expect(() => jobsWebhookFromEnv({ OPEN_COWORK_JOBS_WEBHOOK_SECRET: SECRET })).toThrow(/OPEN_COWORK_JOBS_WEBHOOK_URL is not/);
    expect(() => jobsWebhookFromEnv({ OPEN_COWORK_JOBS_WEBHOOK_URL: 'not a url', OPEN_COWORK_JOBS_WEBHOOK_SECRET: SECRET })).toThrow(/OPEN_COWORK_JOBS_WEBHOOK_URL: "not a url" is not a URL/);
    expect(() => jobsWebhookFromEnv({ OPEN_COWORK_JOBS_WEBHOOK_URL: 'file:///etc/passwd', OPEN_COWORK_JOBS_WEBHOOK_SECRET: SECRET })).toThrow(/only http and https/);
    expect(() => jobsWebhookFromEnv({ OPEN_COWORK_JOBS_WEBHOOK_URL: 'https://u:p@example.com/x', OPEN_COWORK_JOBS_WEBHOOK_SECRET: SECRET })).toThrow(/no credentials in the URL/);
    expect(() => jobsWebhookFromEnv({ OPEN_COWORK_JOBS_WEBHOOK_URL: 'https://example.com/x' })).toThrow(/OPEN_COWORK_JOBS_WEBHOOK_SECRET: at least 16 characters/);
    expect(() => jobsWebhookFromEnv(env({ OPEN_COWORK_JOBS_WEBHOOK_ALLOW_PRIVATE_NETWORK: 'yes' }))).toThrow(/ALLOW_PRIVATE_NETWORK: 1 or 0/);
  });
});

describe('posting a notification', () => {
  it('arrives once per call, signed over the timestamp and the exact body', async () => {
    received.length = 0;
    const webhook = jobsWebhookFromEnv(env({ OPEN_COWORK_JOBS_WEBHOOK_ALLOW_PRIVATE_NETWORK: '1' }))!;
    await postJobNotification(webhook, PAYLOAD, 1_800_000_000);
    expect(received).toHaveLength(1);
    const [hit] = received;
    expect(JSON.parse(hit!.body)).toEqual(PAYLOAD);
    expect(hit!.headers[JOBS_WEBHOOK_HEADERS.id]).toBe(PAYLOAD.id);
    expect(hit!.headers[JOBS_WEBHOOK_HEADERS.timestamp]).toBe('1800000000');
    const expected = `sha256=${createHmac('sha256', SECRET).update(`1800000000.${hit!.body}`).digest('hex')}`;
    expect(hit!.headers[JOBS_WEBHOOK_HEADERS.signature]).toBe(expected);
    // Signed with another secret, the receiver would see a different signature.
    expect(`sha256=${createHmac('sha256', 'forged-secret-forged-secret').update(`1800000000.${hit!.body}`).digest('hex')}`).not.toBe(expected);
  });

  it('throws on an answer that is not 2xx, so the outbox retries it', async () => {
    received.length = 0;
    answers = [503];
    const webhook = jobsWebhookFromEnv(env({ OPEN_COWORK_JOBS_WEBHOOK_ALLOW_PRIVATE_NETWORK: '1' }))!;
    await expect(postJobNotification(webhook, PAYLOAD)).rejects.toThrow('The jobs webhook answered HTTP 503.');
    await postJobNotification(webhook, PAYLOAD);
    expect(received.map((r) => r.headers[JOBS_WEBHOOK_HEADERS.id])).toEqual([PAYLOAD.id, PAYLOAD.id]);
  });

  it('refuses a private network address unless allowed, and cloud metadata always, without sending anything', async () => {
    received.length = 0;
    const lan = jobsWebhookFromEnv({ OPEN_COWORK_JOBS_WEBHOOK_URL: 'http://10.255.255.1:8080/hook', OPEN_COWORK_JOBS_WEBHOOK_SECRET: SECRET })!;
    await expect(postJobNotification(lan, PAYLOAD)).rejects.toMatchObject({ code: 'NETWORK_PRIVATE_ADDRESS' });
    const metadata = jobsWebhookFromEnv({ OPEN_COWORK_JOBS_WEBHOOK_URL: 'http://169.254.169.254/latest/meta-data/', OPEN_COWORK_JOBS_WEBHOOK_SECRET: SECRET, OPEN_COWORK_JOBS_WEBHOOK_ALLOW_PRIVATE_NETWORK: '1' })!;
    await expect(postJobNotification(metadata, PAYLOAD)).rejects.toMatchObject({ code: 'NETWORK_METADATA_ENDPOINT' });
    expect(received).toHaveLength(0);
    // A URL that names this machine is the operator's own choice: allowed without the switch.
    await postJobNotification(jobsWebhookFromEnv(env({}))!, PAYLOAD);
    expect(received).toHaveLength(1);
  });
});
