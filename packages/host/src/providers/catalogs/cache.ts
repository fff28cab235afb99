// The disk copy of each provider's last good catalog: `<data>/catalogs/<provider>.json`,
// 0600 in a 0700 folder, written atomically. A copy made for another URL or other field
// names (see specFingerprint) or one that does not read back is ignored.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writePrivateJson } from '../../state/private-file.js';
import { schemaTest } from '../../state/schema-check.js';
import type { CatalogModel } from './parse.js';

const VERSION = 1;

export interface CachedCatalog {
  readonly fingerprint: string;
  /** Epoch ms. */
  readonly fetchedAt: number;
  readonly sha256: string;
  readonly models: readonly CatalogModel[];
}

export class CatalogCache {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  fileOf(providerId: string): string {
    return path.join(this.dir, `${providerId}.json`);
  }

  /** The copy for `providerId` when there is a readable one made with `fingerprint`. */
  async read(providerId: string, fingerprint: string): Promise<CachedCatalog | undefined> {
    let raw: string;
    try {
      raw = await readFile(this.fileOf(providerId), 'utf8');
    } catch {
      return undefined;
    }
    const cached = parseCached(raw);
    return cached !== undefined && cached.fingerprint === fingerprint ? cached : undefined;
  }

  async write(providerId: string, cached: CachedCatalog): Promise<void> {
    await writePrivateJson(this.fileOf(providerId), { version: VERSION, providerId, ...cached });
  }

  async remove(providerId: string): Promise<void> {
    await rm(this.fileOf(providerId), { force: true });
  }
}

/** A copy as `write` makes it; anything else is not used. */
const isCached = schemaTest<CachedCatalog & { version: typeof VERSION }>({
  type: 'object',
  properties: {
    version: { const: VERSION },
    fingerprint: { type: 'string' },
    sha256: { type: 'string' },
    fetchedAt: { type: 'number', minimum: 0 },
    models: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: { type: 'string', minLength: 1 }, name: { type: 'string' }, description: { type: 'string' }, contextLength: { type: 'number', exclusiveMinimum: 0 } },
        required: ['id'],
      },
    },
  },
  required: ['version', 'fingerprint', 'sha256', 'fetchedAt', 'models'],
});

function parseCached(raw: string): CachedCatalog | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isCached(value)) return undefined;
  const models = value.models.map(({ id, name, description, contextLength }) => ({
    id,
    ...(name === undefined ? {} : { name }),
    ...(description === undefined ? {} : { description }),
    ...(contextLength === undefined ? {} : { contextLength }),
  }));
  return { fingerprint: value.fingerprint, fetchedAt: value.fetchedAt, sha256: value.sha256, models };
}
