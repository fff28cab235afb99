// The host's events must cover every event the runtime normalizes. The layer rule keeps this
// package from importing @open-cowork/runtime (even in tests), so the list is read from the
// runtime's source text: RUNTIME_EVENT_TYPES in packages/runtime/src/events/types.ts.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HOST_EVENTS } from '../src/index.js';

const source = readFileSync(new URL('../../runtime/src/events/types.ts', import.meta.url), 'utf8');

function runtimeEventTypes(): string[] {
  const list = /export const RUNTIME_EVENT_TYPES = \[([\s\S]*?)\] as const/.exec(source)?.[1];
  if (list === undefined) throw new Error('RUNTIME_EVENT_TYPES not found in packages/runtime/src/events/types.ts');
  return [...list.matchAll(/'([^']+)'/g)].map((match) => match[1]!);
}

/** The properties of a runtime event interface, besides `type` (and its base's `directory`). */
function runtimeEventFields(type: string): string[] {
  const declaration = new RegExp(`export interface (\\w+) extends (\\w+) \\{\\n\\s*readonly type: '${type.replace('.', '\\.')}';([\\s\\S]*?)\\n\\}`).exec(source);
  if (declaration === null) throw new Error(`No interface declares type '${type}'`);
  const own = (body: string) => [...body.matchAll(/^\s*readonly (\w+)\??:/gm)].map((match) => match[1]!);
  const base = declaration[2]!;
  const baseBody = base === 'EventBase' ? '' : (new RegExp(`interface ${base} extends EventBase \\{([\\s\\S]*?)\\n\\}`).exec(source)?.[1] ?? '');
  return [...own(baseBody), ...own(declaration[3]!)];
}

describe('host events cover the runtime\'s normalized events', () => {
  const types = runtimeEventTypes();

  it('finds the runtime\'s list', () => {
    expect(types.length).toBeGreaterThanOrEqual(16);
  });

  it.each(types)('%s has a host event of the same name', (type) => {
    expect(Object.keys(HOST_EVENTS)).toContain(type);
  });

  it.each(types)('%s carries the runtime event\'s fields, plus workspaceId', (type) => {
    const payload = HOST_EVENTS[type as keyof typeof HOST_EVENTS].payload as { properties?: Record<string, unknown> };
    const fields = Object.keys(payload.properties ?? {});
    const runtimeFields = runtimeEventFields(type);
    expect(runtimeFields.length, 'fields read from the runtime source').toBeGreaterThan(0);
    expect(fields).toContain('workspaceId');
    for (const field of runtimeFields) expect(fields, `${type}.${field}`).toContain(field);
  });

  it('adds only its own host-level events (runtime.status, resync, auth.changed, updates.changed, job.finished, config.changed)', () => {
    expect(Object.keys(HOST_EVENTS).filter((name) => !types.includes(name)).sort()).toEqual(['auth.changed', 'config.changed', 'job.finished', 'resync', 'runtime.status', 'updates.changed']);
  });
});
