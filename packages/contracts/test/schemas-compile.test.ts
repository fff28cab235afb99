import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import {
  HOST_DEFS,
  HOST_EVENT_NAMES,
  HOST_EVENT_SCHEMAS,
  HOST_METHOD_NAMES,
  HOST_METHOD_SCHEMAS,
  defSchemaOf,
  paramsSchemaOf,
  payloadSchemaOf,
  resultSchemaOf,
  type HostDefName,
} from '../src/index.js';
import { everySubschema } from './schema-walk.js';

const strictAjv = () => new Ajv2020.default({ strict: true, allErrors: true });

describe('every contract schema compiles with ajv 2020 in strict mode', () => {
  const ajv = strictAjv();

  it.each(Object.keys(HOST_DEFS))('definition %s', (name) => {
    expect(() => ajv.compile(defSchemaOf(name as HostDefName))).not.toThrow();
  });

  it.each(HOST_METHOD_NAMES)('method %s (params and result)', (method) => {
    expect(() => ajv.compile(paramsSchemaOf(method))).not.toThrow();
    expect(() => ajv.compile(resultSchemaOf(method))).not.toThrow();
  });

  it.each(HOST_EVENT_NAMES)('event %s', (event) => {
    expect(() => ajv.compile(payloadSchemaOf(event))).not.toThrow();
  });

  it('the prebuilt tables hold the same self-contained schemas', () => {
    for (const method of HOST_METHOD_NAMES) {
      expect(HOST_METHOD_SCHEMAS[method]).toEqual({ params: paramsSchemaOf(method), result: resultSchemaOf(method) });
    }
    for (const event of HOST_EVENT_NAMES) expect(HOST_EVENT_SCHEMAS[event]).toEqual(payloadSchemaOf(event));
  });

  it('one ajv instance compiles the whole table (no $id clashes between schemas)', () => {
    const shared = strictAjv();
    for (const { params, result } of Object.values(HOST_METHOD_SCHEMAS)) {
      shared.compile(params);
      shared.compile(result);
    }
    for (const payload of Object.values(HOST_EVENT_SCHEMAS)) shared.compile(payload);
  });
});

describe('references', () => {
  it('every $ref points at a shared definition that exists', () => {
    const broken = everySubschema()
      .filter(({ schema }) => typeof schema['$ref'] === 'string')
      .filter(({ schema }) => {
        const ref = schema['$ref'] as string;
        return !ref.startsWith('#/$defs/') || !Object.hasOwn(HOST_DEFS, ref.slice('#/$defs/'.length));
      })
      .map(({ at, schema }) => `${at} → ${String(schema['$ref'])}`);
    expect(broken).toEqual([]);
  });

  it('every shared definition is used by some method or event (no dead definitions)', () => {
    const used = new Set<string>();
    const queue = everySubschema()
      .filter(({ at }) => !at.startsWith('$defs/'))
      .map(({ schema }) => schema['$ref'])
      .filter((ref): ref is string => typeof ref === 'string');
    while (queue.length > 0) {
      const name = queue.pop()!.slice('#/$defs/'.length);
      if (used.has(name)) continue;
      used.add(name);
      for (const { schema } of everySubschema().filter(({ at }) => at === `$defs/${name}` || at.startsWith(`$defs/${name}/`))) {
        if (typeof schema['$ref'] === 'string') queue.push(schema['$ref']);
      }
    }
    expect(Object.keys(HOST_DEFS).filter((name) => !used.has(name))).toEqual([]);
  });
});
