import { describe, expect, it } from 'vitest';
import { HOST_DEFS, HOST_EVENTS, HOST_METHODS } from '../src/index.js';
import { HOST_DEF_GROUPS } from '../src/schemas/index.js';
import { everySubschema } from './schema-walk.js';

const subschemas = everySubschema();

describe('the shape of the contract schemas', () => {
  it('closes every object: additionalProperties is false, or a value schema for maps', () => {
    const open = subschemas
      .filter(({ schema }) => schema['type'] === 'object' || 'properties' in schema)
      .filter(({ schema }) => {
        const extra = schema['additionalProperties'];
        return extra !== false && (typeof extra !== 'object' || extra === null);
      })
      .map(({ at }) => at);
    expect(open).toEqual([]);
  });

  it('describes every property and every shared definition', () => {
    const undescribed = subschemas
      .filter(({ role, at }) => role === 'property' || /^\$defs\/\w+$/.test(at))
      .filter(({ schema }) => typeof schema['description'] !== 'string' || (schema['description'] as string).trim() === '')
      .map(({ at }) => at);
    expect(undescribed).toEqual([]);
  });

  it('requires only properties it declares', () => {
    const stray = subschemas.flatMap(({ at, schema }) => {
      const required = (schema['required'] ?? []) as string[];
      const properties = (schema['properties'] ?? {}) as Record<string, unknown>;
      return required.filter((name) => !Object.hasOwn(properties, name)).map((name) => `${at}: ${name}`);
    });
    expect(stray).toEqual([]);
  });

  it('gives every params schema the form of an object and every method and event a description', () => {
    for (const [name, spec] of Object.entries(HOST_METHODS)) {
      expect(spec.params['type'], name).toBe('object');
      expect(spec.description.length, name).toBeGreaterThan(0);
    }
    for (const [name, spec] of Object.entries(HOST_EVENTS)) expect(spec.description.length, name).toBeGreaterThan(0);
  });

  it('names methods "area.verb" and events "subject.change" (or one word)', () => {
    for (const name of Object.keys(HOST_METHODS)) expect(name).toMatch(/^[a-z]+\.[a-z][A-Za-z]*$/);
    for (const name of Object.keys(HOST_EVENTS)) expect(name).toMatch(/^[a-z]+(\.[a-z][A-Za-z]*)?$/);
  });

  it('keeps shared definition names unique across areas', () => {
    const total = Object.values(HOST_DEF_GROUPS).reduce((sum, group) => sum + Object.keys(group).length, 0);
    expect(Object.keys(HOST_DEFS)).toHaveLength(total);
  });

  it('keeps schemas plain JSON (they survive a JSON round trip unchanged)', () => {
    const all = { HOST_DEFS, HOST_METHODS, HOST_EVENTS };
    expect(JSON.parse(JSON.stringify(all))).toEqual(all);
  });
});
