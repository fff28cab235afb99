import { describe, expect, it } from 'vitest';
import { callRuntime, errorFromResult, errorFromThrown } from '../../src/session/errors.js';
import { RuntimeError, RuntimeRequestErrorCode, isRuntimeError } from '../../src/session/index.js';

const response = (status: number, statusText = '') => new Response(null, { status, statusText });

describe('SDK failures become RuntimeErrors with stable codes', () => {
  it('maps OpenCode error bodies by HTTP status, keeping OpenCode name and message', () => {
    const notFound = errorFromResult('session.get', { name: 'NotFoundError', data: { message: 'Session not found: ses_x' } }, response(404));
    expect(notFound).toBeInstanceOf(RuntimeError);
    expect(notFound.toEnvelope()).toEqual({
      code: 'RUNTIME_NOT_FOUND',
      message: 'session.get: Session not found: ses_x',
      data: { operation: 'session.get', status: 404, opencodeName: 'NotFoundError', opencodeMessage: 'Session not found: ses_x' },
    });
    expect(notFound.status).toBe(404);

    const invalid = errorFromResult('session.prompt', { _tag: 'InvalidRequestError', message: 'bad field' }, response(400));
    expect(invalid).toMatchObject({ code: RuntimeRequestErrorCode.BadRequest, data: { opencodeName: 'InvalidRequestError', opencodeMessage: 'bad field' } });
    expect(errorFromResult('x', { _tag: 'BadRequest' }, response(400)).message).toBe('x: BadRequest');
    expect(errorFromResult('x', '', response(401, 'Unauthorized'))).toMatchObject({ code: RuntimeRequestErrorCode.Unauthorized, message: 'x: HTTP 401 Unauthorized' });
    expect(errorFromResult('x', {}, response(500))).toMatchObject({ code: RuntimeRequestErrorCode.RequestFailed, data: { status: 500 } });
  });

  it('no response means the runtime is unreachable; an abort is an abort', () => {
    const refused = errorFromResult('session.list', new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') }), undefined);
    expect(refused).toMatchObject({ code: RuntimeRequestErrorCode.Unreachable, message: 'session.list: cannot reach the runtime: fetch failed (connect ECONNREFUSED)' });
    expect(errorFromThrown('x', new DOMException('The operation was aborted.', 'AbortError'))).toMatchObject({ code: RuntimeRequestErrorCode.Aborted });
  });

  it('keeps the status of errors the SDK throws with a cause', () => {
    const thrown = new Error('Session not found', { cause: { body: {}, status: 404 } });
    expect(errorFromThrown('x', thrown)).toMatchObject({ code: RuntimeRequestErrorCode.NotFound, data: { status: 404 } });
  });

  it('callRuntime returns data, or throws the mapped error', async () => {
    await expect(callRuntime('ok', async () => ({ data: 1, response: response(200) }))).resolves.toBe(1);
    const failure = callRuntime('nope', async () => ({ error: { name: 'NotFoundError', data: { message: 'gone' } }, response: response(404) }));
    await expect(failure).rejects.toSatisfy((error) => isRuntimeError(error, RuntimeRequestErrorCode.NotFound));
    await expect(callRuntime('boom', () => Promise.reject(new Error('boom')))).rejects.toMatchObject({ code: RuntimeRequestErrorCode.Unreachable });
  });
});
