import { describe, expect, it, vi } from 'vitest';
import { createHttpHostClient } from '../src/host/http-client.js';
import { HostError } from '../src/host/errors.js';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

const noEvents = () => {
  throw new Error('no event stream in this test');
};

describe('HttpHostClient requests', () => {
  it('POSTs the params to /api/<method> with the bearer token and returns the result', async () => {
    const fetch = vi.fn(async () => jsonResponse(200, { result: { workspaces: [] } }));
    const client = createHttpHostClient({ token: 'tok-1', baseUrl: 'http://127.0.0.1:8787/', fetch, createEventSource: noEvents });

    await expect(client['workspaces.list']({})).resolves.toEqual({ workspaces: [] });

    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://127.0.0.1:8787/api/workspaces.list');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)['Authorization']).toBe('Bearer tok-1');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(JSON.parse(String(init.body))).toEqual({});
  });

  it('sends params as a JSON object', async () => {
    const fetch = vi.fn(async () => jsonResponse(200, { result: { accepted: true } }));
    const client = createHttpHostClient({ token: 't', fetch, createEventSource: noEvents });
    await client['sessions.prompt']({ sessionId: 'ses_1', text: 'hi' });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/sessions.prompt');
    expect(JSON.parse(String(init.body))).toEqual({ sessionId: 'ses_1', text: 'hi' });
  });

  it('turns an error envelope into a HostError with code, message, data and status', async () => {
    const data = { pointer: '/text', issues: [{ pointer: '/text', message: 'must be string' }] };
    const fetch = vi.fn(async () => jsonResponse(400, { error: { code: 'BAD_REQUEST', message: 'Bad params', data } }));
    const client = createHttpHostClient({ token: 't', fetch, createEventSource: noEvents });

    const error = await client['sessions.get']({ sessionId: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostError);
    expect(error).toMatchObject({ code: 'BAD_REQUEST', message: 'Bad params', data, status: 400 });
  });

  it('tells the app when the token is refused', async () => {
    const onUnauthorized = vi.fn();
    const fetch = vi.fn(async () => jsonResponse(401, { error: { code: 'UNAUTHORIZED', message: 'Wrong token' } }));
    const client = createHttpHostClient({ token: 't', fetch, createEventSource: noEvents, onUnauthorized });
    await expect(client['app.info']({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('reports a host that does not answer as HOST_UNREACHABLE', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    const client = createHttpHostClient({ token: 't', fetch, createEventSource: noEvents });
    await expect(client['app.info']({})).rejects.toMatchObject({ code: 'HOST_UNREACHABLE' });
  });

  it('reports a non-JSON or result-less answer as HOST_BAD_RESPONSE', async () => {
    const html = vi.fn(async () => new Response('<html>', { status: 502 }));
    await expect(createHttpHostClient({ token: 't', fetch: html, createEventSource: noEvents })['app.info']({})).rejects.toMatchObject({
      code: 'HOST_BAD_RESPONSE',
      status: 502,
    });
    const empty = vi.fn(async () => jsonResponse(200, { nothing: true }));
    await expect(createHttpHostClient({ token: 't', fetch: empty, createEventSource: noEvents })['app.info']({})).rejects.toMatchObject({
      code: 'HOST_BAD_RESPONSE',
    });
  });

  it('refuses calls after close', async () => {
    const fetch = vi.fn(async () => jsonResponse(200, { result: {} }));
    const client = createHttpHostClient({ token: 't', fetch, createEventSource: noEvents });
    client.close();
    await expect(client['app.info']({})).rejects.toMatchObject({ code: 'HOST_UNREACHABLE' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('has every contract method and is frozen', async () => {
    const { HOST_METHOD_NAMES } = await import('@open-cowork/contracts');
    const client = createHttpHostClient({ token: 't', fetch: vi.fn(), createEventSource: noEvents });
    for (const name of HOST_METHOD_NAMES) expect(typeof client[name]).toBe('function');
    expect(Object.isFrozen(client)).toBe(true);
  });
});
