// Loads the raw OpenCode events captured by capture-fixtures.ts.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EventNormalizer, type EventNormalizerOptions, type RuntimeEvent } from '../../src/events/index.js';

/** The workspace folder the fixtures were rewritten to. */
export const FIXTURE_DIRECTORY = '/tmp/open-cowork-fixture/workspace';

export type FixtureName =
  | 'text-prompt'
  | 'global-text-prompt'
  | 'permission-allow'
  | 'global-permission-allow'
  | 'permission-reject'
  | 'abort'
  | 'model-error-500'
  | 'model-error-400'
  | 'summarize'
  | 'question'
  | 'question-reject';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** The raw events of one scenario, as OpenCode sent them. */
export function loadFixture(name: FixtureName): unknown[] {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as unknown[];
}

/** Every raw event through one normalizer, results concatenated. */
export function normalizeAll(raws: readonly unknown[], options: EventNormalizerOptions = { directory: FIXTURE_DIRECTORY }): RuntimeEvent[] {
  const normalizer = new EventNormalizer(options);
  return raws.flatMap((raw) => normalizer.normalize(raw));
}

export function normalizeFixture(name: FixtureName, options?: EventNormalizerOptions): RuntimeEvent[] {
  return normalizeAll(loadFixture(name), options);
}

/** Narrows a list of events to one type. */
export function ofType<T extends RuntimeEvent['type']>(events: readonly RuntimeEvent[], type: T): Extract<RuntimeEvent, { type: T }>[] {
  return events.filter((event): event is Extract<RuntimeEvent, { type: T }> => event.type === type);
}
