import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  HOST_EVENT_NAMES,
  HOST_EVENTS,
  HOST_METHOD_NAMES,
  HOST_METHODS,
  isHostEventName,
  isHostMethodName,
  type HostApi,
  type HostEvent,
  type HostEventName,
  type HostEvents,
  type HostMethodName,
  type HostMethods,
  type HostParams,
  type HostResult,
  type Session,
} from '../src/index.js';

const generated = readFileSync(new URL('../src/generated/host-types.ts', import.meta.url), 'utf8');

/** The quoted keys of one interface in the generated file. */
function keysOf(interfaceName: string): string[] {
  const body = new RegExp(`export interface ${interfaceName} \\{\\n([\\s\\S]*?)\\n\\}`).exec(generated)?.[1];
  if (body === undefined) throw new Error(`${interfaceName} is not in the generated file`);
  return [...body.matchAll(/^ {2}'([^']+)':/gm)].map((match) => match[1]!);
}

describe('the generated maps and the schemas name the same methods and events', () => {
  it('at the type level', () => {
    expectTypeOf<keyof typeof HOST_METHODS>().toEqualTypeOf<keyof HostMethods>();
    expectTypeOf<keyof typeof HOST_EVENTS>().toEqualTypeOf<keyof HostEvents>();
  });

  it('in the generated file, in the same order', () => {
    expect(keysOf('HostMethods')).toEqual(Object.keys(HOST_METHODS));
    expect(keysOf('HostEvents')).toEqual(Object.keys(HOST_EVENTS));
  });

  it('in the name lists and guards', () => {
    expect(HOST_METHOD_NAMES).toEqual(Object.keys(HOST_METHODS));
    expect(HOST_EVENT_NAMES).toEqual(Object.keys(HOST_EVENTS));
    expect(isHostMethodName('sessions.list')).toBe(true);
    expect(isHostMethodName('toString')).toBe(false);
    expect(isHostMethodName('sessions.nope')).toBe(false);
    expect(isHostEventName('resync')).toBe(true);
    expect(isHostEventName('hasOwnProperty')).toBe(false);
  });
});

describe('the derived API types', () => {
  it('gives each method its params and result', () => {
    expectTypeOf<HostParams<'sessions.get'>>().toEqualTypeOf<{ sessionId: string }>();
    expectTypeOf<HostResult<'sessions.get'>>().toEqualTypeOf<Session>();
    expectTypeOf<HostApi['sessions.create']>().toEqualTypeOf<(params: HostParams<'sessions.create'>) => Promise<Session>>();
    expectTypeOf<HostMethodName>().toEqualTypeOf<keyof HostApi>();
  });

  it('makes HostEvent a union tagged by type', () => {
    const event = { type: 'resync', payload: { reason: 'buffer overflow' } } satisfies HostEvent;
    expectTypeOf(event.type).toMatchTypeOf<HostEventName>();
    expectTypeOf<Extract<HostEvent, { type: 'text.delta' }>['payload']['delta']>().toEqualTypeOf<string>();
  });
});
