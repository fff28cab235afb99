// Faults on demand: HTTP 500, 400 and 429, a stream cut mid-way, and a stall that only the client's
// abort or the server's close() ends.

import { afterEach, describe, expect, it } from 'vitest';
import { startScriptedModel, type ScriptRule, type ScriptedModel } from '../src/index.js';
import { assemble, chatBody, drain, parseSse, postChat, readUntil, streamChat, user, type ErrorBody } from './helpers.js';

let model: ScriptedModel | undefined;

afterEach(async () => {
  await model?.close();
  model = undefined;
});

async function start(rules: ScriptRule[]): Promise<ScriptedModel> {
  model = await startScriptedModel({ rules });
  return model;
}

describe('HTTP errors', () => {
  it('answers a server-error fault with 500 and an error body', async () => {
    const server = await start([{ reply: { fault: { type: 'server-error', message: 'kaput' } } }]);
    const response = await postChat(server, chatBody([user('x')]));
    expect(response.status).toBe(500);
    const body = (await response.json()) as ErrorBody;
    expect(body).toEqual({ error: { message: 'kaput', type: 'server_error', param: null, code: 'scripted_server_error' } });
  });

  it('answers a bad-request fault with 400 and an invalid_request_error body, streamed or not', async () => {
    const server = await start([
      { name: 'custom', times: 1, reply: { fault: { type: 'bad-request', message: 'This model does not accept images.' } } },
      { name: 'default', reply: { fault: { type: 'bad-request' } } },
    ]);
    const custom = await postChat(server, chatBody([user('x')]));
    expect(custom.status).toBe(400);
    expect(custom.headers.get('retry-after')).toBeNull();
    expect(await custom.json()).toEqual({
      error: { message: 'This model does not accept images.', type: 'invalid_request_error', param: null, code: 'scripted_bad_request' },
    });
    const plain = await postChat(server, { model: 'scripted-1', messages: [user('x')] });
    expect(plain.status).toBe(400);
    expect(((await plain.json()) as ErrorBody).error.message).toContain('fault "bad-request"');
    expect(server.requests.map((request) => request.rule)).toEqual(['custom', 'default']);
  });

  it('answers a rate-limit fault with 429 and retry-after, and a one-shot fault falls through on retry', async () => {
    const server = await start([
      { name: 'limited', times: 1, reply: { fault: { type: 'rate-limit', retryAfterSeconds: 7 } } },
      { name: 'fine', reply: { text: 'ok now' } },
    ]);
    const limited = await postChat(server, chatBody([user('x')]));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    const body = (await limited.json()) as ErrorBody;
    expect(body.error.code).toBe('rate_limit_exceeded');
    expect(body.error.type).toBe('rate_limit_error');

    expect(assemble(await streamChat(server, chatBody([user('x')]))).text).toBe('ok now');
    expect(server.requests.map((request) => request.rule)).toEqual(['limited', 'fine']);
  });
});

describe('cut stream', () => {
  it('sends the first chunks, then breaks the connection without [DONE]', async () => {
    const server = await start([{ reply: { fault: { type: 'cut', afterChunks: 2, text: 'one two three four' } } }]);
    const response = await postChat(server, chatBody([user('x')]));
    expect(response.status).toBe(200);
    const { text, error } = await drain(response);
    expect(error).toBeInstanceOf(Error);
    const partial = parseSse(text);
    expect(partial.done).toBe(false);
    expect(assemble(partial).text).toBe('one two ');
    expect(assemble(partial).finishReason).toBeNull();
  });

  it('breaks a non-stream response mid-body', async () => {
    const server = await start([{ reply: { fault: { type: 'cut' } } }]);
    const response = await postChat(server, { model: 'scripted-1', messages: [user('x')] });
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow();
  });
});

describe('stall', () => {
  it('sends headers and a chunk, then nothing until the client aborts', async () => {
    const server = await start([{ name: 'stall', reply: { fault: { type: 'stall', afterChunks: 1, text: 'waiting forever' } } }]);
    const controller = new AbortController();
    const response = await postChat(server, chatBody([user('x')]), { signal: controller.signal });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const first = await readUntil(reader, '\n\n');
    expect(assemble(parseSse(first)).text).toBe('waiting ');

    const pending = reader.read();
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });

    // The server is still healthy after the client gave up.
    server.setRules([{ reply: { text: 'back' } }]);
    expect(assemble(await streamChat(server, chatBody([user('x')]))).text).toBe('back');
  });

  it('is ended by close()', async () => {
    const server = await start([{ reply: { fault: { type: 'stall', afterChunks: 0 } } }]);
    const response = await postChat(server, chatBody([user('x')]));
    expect(response.status).toBe(200);
    await server.waitForRequest();
    const reading = drain(response);
    await server.close();
    const { text, error } = await reading;
    expect(text).toBe('');
    expect(error).toBeInstanceOf(Error);
  });

  it('stalls a non-stream response after its headers', async () => {
    const server = await start([{ reply: { fault: { type: 'stall' } } }]);
    const controller = new AbortController();
    const response = await postChat(server, { model: 'scripted-1', messages: [user('x')] }, { signal: controller.signal });
    expect(response.status).toBe(200);
    const body = response.text();
    controller.abort();
    await expect(body).rejects.toMatchObject({ name: 'AbortError' });
  });
});
