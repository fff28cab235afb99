import { HOST_METHOD_NAMES, HOST_METHOD_SCHEMAS, type HostMethodName, type HostParams } from '@open-cowork/contracts';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterEach, describe, expect, it } from 'vitest';
import { compileMethodTable, describeSchemaError, type CallContext, type MethodHandler } from '../../src/dispatch/index.js';
import type { HostServer } from '../../src/transport/index.js';
import { call, startServer } from '../transport/helpers.js';

const ajv = (): Ajv2020.default => new Ajv2020.default({ strict: true, allErrors: true });

const RENAME = {
  'sessions.rename': {
    params: {
      type: 'object',
      properties: {
        id: { type: 'string', minLength: 1 },
        title: { type: 'string', maxLength: 10 },
        options: { type: 'object', properties: { 'a/b': { type: 'boolean' } }, additionalProperties: false },
      },
      required: ['id', 'title'],
      additionalProperties: false,
    },
    result: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'], additionalProperties: false },
  },
} as const;

let server: HostServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('compileMethodTable', () => {
  it('validates params with the compiled schema and reports every issue with a pointer', async () => {
    const seen: unknown[] = [];
    const rename = async (params: { id: string; title: string }, ctx: CallContext) => {
      seen.push({ params, method: ctx.method });
      return { ok: true };
    };
    server = await startServer({ methods: compileMethodTable(RENAME, { 'sessions.rename': rename }, ajv()) });

    const valid = await call(server, 'sessions.rename', JSON.stringify({ id: 's1', title: 'New' }));
    expect(valid.body).toEqual({ result: { ok: true } });
    expect(seen).toEqual([{ params: { id: 's1', title: 'New' }, method: 'sessions.rename' }]);

    const missing = await call(server, 'sessions.rename', JSON.stringify({ id: 's1' }));
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'params is missing the required field "title"',
      data: { pointer: '/title' },
    });

    const several = await call(server, 'sessions.rename', JSON.stringify({ id: 7, title: 'x'.repeat(11), extra: true, options: { 'a/b': 1 } }));
    expect(several.status).toBe(400);
    expect(several.body.error?.data).toEqual({
      pointer: '/extra',
      issues: [
        { pointer: '/extra', message: 'params has an unknown field "extra"' },
        { pointer: '/id', message: 'params/id must be string' },
        { pointer: '/title', message: 'params/title must NOT have more than 10 characters' },
        { pointer: '/options/a~1b', message: 'params/options/a~1b must be boolean' },
      ],
    });
    expect(several.body.error?.message).toBe('params has an unknown field "extra" (and 3 more)');

    const notAnObject = await call(server, 'sessions.rename', '[1]');
    expect(notAnObject.body.error?.data).toMatchObject({ pointer: '', issues: [{ pointer: '', message: 'params must be object' }] });
    expect(seen).toHaveLength(1);
  });

  it('can check results, turning a result that breaks its schema into a bare 500', async () => {
    const reported: unknown[] = [];
    const methods = compileMethodTable(RENAME, { 'sessions.rename': async () => ({ ok: 'yes' }) }, ajv(), { checkResults: true });
    server = await startServer({ methods, onError: (error) => reported.push(error) });
    const outcome = await call(server, 'sessions.rename', JSON.stringify({ id: 's1', title: 'New' }));
    expect(outcome.status).toBe(500);
    expect(outcome.body.error).toEqual({ code: 'INTERNAL', message: 'Internal error' });
    expect(String(reported[0])).toContain('/ok');
  });

  it('refuses a table whose handlers and specs disagree', () => {
    const handlers = { 'sessions.rename': async () => null, 'sessions.other': async () => null };
    expect(() => compileMethodTable(RENAME, handlers, ajv())).toThrow(/handlers without a declared method: sessions.other/);
    expect(() => compileMethodTable(RENAME, {} as never, ajv())).toThrow(/no handler for sessions.rename/);
  });

  it('escapes field names in pointers', () => {
    expect(describeSchemaError({ instancePath: '/a~1b', keyword: 'required', params: { missingProperty: 'x/y~z' } })).toEqual({
      pointer: '/a~1b/x~1y~0z',
      message: 'params/a~1b is missing the required field "x/y~z"',
    });
  });
});

describe('the host contract through HTTP', () => {
  it('routes every contract method and validates its params at the edge', async () => {
    const calls: string[] = [];
    const stub = (name: HostMethodName): MethodHandler => async () => {
      calls.push(name);
      return null;
    };
    const handlers = Object.fromEntries(HOST_METHOD_NAMES.map((name) => [name, stub(name)])) as Record<HostMethodName, MethodHandler>;
    server = await startServer({ methods: compileMethodTable(HOST_METHOD_SCHEMAS, handlers, ajv()) });

    for (const name of HOST_METHOD_NAMES) {
      const outcome = await call(server, name, '{"__not_a_contract_field__": true}');
      expect(outcome.status, name).toBe(400);
      expect(outcome.body.error?.code, name).toBe('BAD_REQUEST');
      expect(typeof outcome.body.error?.data?.['pointer'], name).toBe('string');
    }
    expect(calls).toEqual([]);
  });

  it('passes valid params through and names the offending field of invalid ones', async () => {
    const added: HostParams<'workspaces.add'>[] = [];
    const none: MethodHandler = async () => null;
    const handlers = Object.fromEntries(HOST_METHOD_NAMES.map((name) => [name, none])) as Record<HostMethodName, MethodHandler>;
    handlers['workspaces.add'] = async (params) => {
      added.push(params as HostParams<'workspaces.add'>);
      return null;
    };
    server = await startServer({ methods: compileMethodTable(HOST_METHOD_SCHEMAS, handlers, ajv()) });

    const missing = await call(server, 'workspaces.add', '{}');
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'BAD_REQUEST', data: { pointer: '/path' } });
    expect(missing.body.error?.message).toContain('"path"');

    const wrongType = await call(server, 'workspaces.add', JSON.stringify({ path: 42 }));
    expect(wrongType.body.error?.data?.['pointer']).toBe('/path');

    const ok = await call(server, 'workspaces.add', JSON.stringify({ path: '/tmp/project' }));
    expect(ok.status).toBe(200);
    expect(added).toEqual([{ path: '/tmp/project' }]);
  });
});
