// The disk copy of each provider's last good catalog: `<data>/catalogs/<provider>.json`,
// 0600 in a 0700 folder, written atomically. A copy made for another URL or other field
// names (see specFingerprint) or one that does not read back is ignored.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writePrivateJson } from '../../state/private-file.js';
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

function parseCached(raw: string): CachedCatalog | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const file = value as Record<string, unknown>;
  if (file['version'] !== VERSION || typeof file['fingerprint'] !== 'string' || typeof file['sha256'] !== 'string') return undefined;
  if (typeof file['fetchedAt'] !== 'number' || !Number.isFinite(file['fetchedAt']) || !Array.isArray(file['models'])) return undefined;
  const models: CatalogModel[] = [];
  for (const entry of file['models'] as unknown[]) {
    if (typeof entry !== 'object' || entry === null) return undefined;
    const model = entry as Record<string, unknown>;
    if (typeof model['id'] !== 'string' || model['id'] === '') return undefined;
    models.push({
      id: model['id'],
      ...(typeof model['name'] === 'string' ? { name: model['name'] } : {}),
      ...(typeof model['description'] === 'string' ? { description: model['description'] } : {}),
      ...(typeof model['contextLength'] === 'number' && model['contextLength'] > 0 ? { contextLength: model['contextLength'] } : {}),
    });
  }
  return { fingerprint: file['fingerprint'], fetchedAt: file['fetchedAt'], sha256: file['sha256'], models };
}
