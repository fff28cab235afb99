import { afterEach, describe, expect, it } from 'vitest';
import type { HostServer } from '../../src/transport/index.js';
import { call, startServer, TOKEN } from './helpers.js';

let server: HostServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('POST /api/<method>', () => {
  it('answers a valid call with {result}', async () => {
    server = await startServer();
    const outcome = await call(server, 'echo', JSON.stringify({ text: 'hi' }));
    expect(outcome.status).toBe(200);
    expect(outcome.body).toEqual({ result: { echoed: 'hi' } });
    expect(outcome.headers.get('content-type')).toMatch(/^application\/json/);
    expect(outcome.headers.get('cache-control')).toBe('no-store');
  });

  it('treats an empty body as {} and an undefined result as null', async () => {
    server = await startServer();
    expect((await call(server, 'params')).body).toEqual({ result: {} });
    expect((await call(server, 'params', '  \n')).body).toEqual({ result: {} });
    expect((await call(server, 'nothing')).body).toEqual({ result: null });
  });

  it('refuses malformed JSON with 400 BAD_REQUEST', async () => {
    server = await startServer();
    const outcome = await call(server, 'echo', '{"text": ');
    expect(outcome.status).toBe(400);
    expect(outcome.body.error).toMatchObject({ code: 'BAD_REQUEST', data: { pointer: '' } });
  });

  it('refuses params the validator rejects with 400, the pointer and a message naming the field', async () => {
    server = await startServer();
    const outcome = await call(server, 'echo', JSON.stringify({ text: 42 }));
    expect(outcome.status).toBe(400);
    expect(outcome.body.error).toEqual({
      code: 'BAD_REQUEST',
      message: 'params/text must be a string',
      data: { pointer: '/text', issues: [{ pointer: '/text', message: 'params/text must be a string' }] },
    });
  });

  it('answers an unknown method with 404 METHOD_NOT_FOUND, including names that exist on every object', async () => {
    server = await startServer();
    for (const name of ['nope', 'constructor', '__proto__', 'toString', 'a%2Fb']) {
      const outcome = await call(server, name, '{}');
      expect(outcome.status, name).toBe(404);
      expect(outcome.body.error, name).toMatchObject({ code: 'METHOD_NOT_FOUND', data: { method: name } });
    }
  });

  it('maps CodedErrors to their HTTP status and keeps code, message and data', async () => {
    server = await startServer();
    const missing = await call(server, 'missing', '{}');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: 'NOT_FOUND', message: 'No such session', data: { id: 's1' } } });
    expect((await call(server, 'busy', '{}')).status).toBe(409);
    expect((await call(server, 'notReady', '{}')).status).toBe(503);
    expect((await call(server, 'ceiling', '{}')).status).toBe(403);
    const custom = await call(server, 'custom', '{}');
    expect(custom.status).toBe(500);
    expect(custom.body.error).toEqual({ code: 'SOMETHING_ODD', message: 'Odd' });
  });

  it('lets the caller change the status mapping', async () => {
    server = await startServer({ errorStatus: { SOMETHING_ODD: 422 } });
    expect((await call(server, 'custom', '{}')).status).toBe(422);
  });

  it('answers any other error with a bare 500 INTERNAL and reports it to onError only', async () => {
    const reported: unknown[] = [];
    server = await startServer({ onError: (error) => reported.push(error) });
    const outcome = await call(server, 'crash', '{}');
    expect(outcome.status).toBe(500);
    expect(outcome.body).toEqual({ error: { code: 'INTERNAL', message: 'Internal error' } });
    expect(outcome.text).not.toContain('secret');
    expect(outcome.text).not.toContain('at ');
    expect(reported).toHaveLength(1);
    expect(String(reported[0])).toContain('/home/secret/path');
  });

  it('refuses a body over the limit with 413 (declared length and chunked)', async () => {
    server = await startServer({ maxBodyBytes: 1024 });
    const big = JSON.stringify({ text: 'x'.repeat(2000) });
    const declared = await call(server, 'echo', big);
    expect(declared.status).toBe(413);
    expect(declared.body.error?.code).toBe('PAYLOAD_TOO_LARGE');

    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(600)));
        controller.close();
      },
    });
    const response = await fetch(`${server.url}/api/echo`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: chunked,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');

    // The server is still fine afterwards.
    expect((await call(server, 'echo', JSON.stringify({ text: 'ok' }))).status).toBe(200);
  });

  it('accepts only POST on method routes', async () => {
    server = await startServer();
    const response = await fetch(`${server.url}/api/echo`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('METHOD_NOT_ALLOWED');
    const postEvents = await call(server, 'events', '{}');
    expect(postEvents.status).toBe(405);
    expect(postEvents.headers.get('allow')).toBe('GET');
  });

  it('aborts the handler signal when the client goes away', async () => {
    let aborted: Promise<void> | undefined;
    let entered: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    server = await startServer({
      methods: {
        slow: {
          validate: () => undefined,
          handle: (_params, ctx) => {
            aborted = new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
            entered();
            return new Promise(() => undefined);
          },
        },
      },
      closeGraceMs: 0,
    });
    const client = new AbortController();
    const pending = fetch(`${server.url}/api/slow`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: '{}',
      signal: client.signal,
    }).catch(() => 'aborted');
    await inside;
    client.abort();
    expect(await pending).toBe('aborted');
    await aborted;
  });
});
