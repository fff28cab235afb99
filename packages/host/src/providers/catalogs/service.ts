// Dynamic model catalogs for the providers whose descriptor has a `dynamicCatalog`: fetched
// over https, kept on disk for `cacheTtlMinutes`, and laid under the featured models by
// providers.list. The order of fallbacks is network → disk cache → the descriptor's static
// `models[]`, and nothing here ever makes a caller wait on an endpoint unless it asks to
// (`load`, which providers.refresh uses): `current` answers from memory or disk and leaves
// the fetching to `refreshInBackground`.
import path from 'node:path';
import type { OpenCoworkConfig } from '@open-cowork/config';
import type { ModelCatalogStatus } from '@open-cowork/contracts';
import type { Logger } from '../../log/index.js';
import { systemClock, type Clock } from '../../ports/clock.js';
import { CatalogCache, type CachedCatalog } from './cache.js';
import { fetchCatalog, type CatalogFetchOptions } from './fetch.js';
import type { CatalogModel } from './parse.js';
import { CatalogError, CatalogProblem, originOf, type CatalogProblemCode } from './problems.js';
import { catalogSpecs, specFingerprint, staticModels, type CatalogSpec } from './spec.js';

export type CatalogSource = ModelCatalogStatus['source'];

/** What a provider's dynamic catalog gives right now. */
export interface CatalogSnapshot {
  readonly providerId: string;
  /** "network": fetched by this run; "cache": read from disk; "static": the descriptor's models[]. */
  readonly source: CatalogSource;
  readonly models: readonly CatalogModel[];
  /** When the models were fetched (network and cache). */
  readonly fetchedAt?: number;
  /** Older than cacheTtlMinutes. */
  readonly stale: boolean;
  /** Why the last attempt was not used. */
  readonly problem?: { readonly code: CatalogProblemCode; readonly message: string; readonly at: number };
}

export interface DynamicCatalogsOptions {
  readonly config: Pick<OpenCoworkConfig, 'providers'>;
  /** Where the cached copies live (the host passes `<data>/catalogs`). */
  readonly dir: string;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** The guarded fetch's options: tests pass a test CA and a lookup; production none. */
  readonly network?: CatalogFetchOptions['network'];
  /** Deadline for one fetch, body included. Default 10 s. */
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  /** After a failed background fetch, how long before the background tries again. Default 5 minutes. */
  readonly retryAfterMs?: number;
}

interface Entry {
  readonly spec: CatalogSpec;
  readonly fingerprint: string;
  /** The disk copy has been looked for. */
  diskRead?: Promise<void>;
  cached?: CachedCatalog & { readonly origin: 'network' | 'cache' };
  problem?: { code: CatalogProblemCode; message: string; at: number };
  inflight?: Promise<CatalogSnapshot>;
}

export class DynamicCatalogs {
  readonly #entries = new Map<string, Entry>();
  readonly #cache: CatalogCache;
  readonly #config: Pick<OpenCoworkConfig, 'providers'>;
  readonly #log: Logger;
  readonly #clock: Clock;
  readonly #options: DynamicCatalogsOptions;
  readonly #stop = new AbortController();
  readonly #fetchedListeners = new Set<(providerId: string, models: readonly CatalogModel[]) => void>();

  constructor(options: DynamicCatalogsOptions) {
    this.#options = options;
    this.#config = options.config;
    this.#cache = new CatalogCache(options.dir);
    this.#log = options.logger.for('host');
    this.#clock = options.clock ?? systemClock;
    for (const [id, spec] of catalogSpecs(options.config)) this.#entries.set(id, { spec, fingerprint: specFingerprint(spec) });
  }

  /** `<data>/catalogs`. */
  static dirOf(dataDir: string): string {
    return path.join(dataDir, 'catalogs');
  }

  /** Provider ids with a dynamic catalog, in descriptor order. */
  providers(): string[] {
    return [...this.#entries.keys()];
  }

  has(providerId: string): boolean {
    return this.#entries.has(providerId);
  }

  /** What is known without touching the network: this run's fetch, else the disk copy, else the static list. */
  async current(providerId: string): Promise<CatalogSnapshot | undefined> {
    const entry = this.#entries.get(providerId);
    if (entry === undefined) return undefined;
    await this.#readDisk(providerId, entry);
    return this.#snapshot(providerId, entry);
  }

  /**
   * The catalog, fetched when the cached one is missing or older than its TTL (always with
   * `force`). A failed fetch falls back to the cached copy, then to the static list; the
   * snapshot says why in `problem`. Never rejects. Concurrent calls share one fetch.
   */
  async load(providerId: string, options: { readonly force?: boolean } = {}): Promise<CatalogSnapshot | undefined> {
    const entry = this.#entries.get(providerId);
    if (entry === undefined) return undefined;
    await this.#readDisk(providerId, entry);
    if (entry.inflight !== undefined) return entry.inflight;
    if (options.force !== true && this.#isFresh(entry)) return this.#snapshot(providerId, entry);
    if (this.#stop.signal.aborted) return this.#snapshot(providerId, entry);
    entry.inflight = this.#fetch(providerId, entry).finally(() => {
      entry.inflight = undefined;
    });
    return entry.inflight;
  }

  /**
   * Starts a fetch when one is due (no fresh copy, none running, and the last failure is
   * older than retryAfterMs); returns at once.
   */
  refreshInBackground(providerId: string): void {
    const entry = this.#entries.get(providerId);
    if (entry === undefined || entry.inflight !== undefined || this.#stop.signal.aborted) return;
    const retryAfter = this.#options.retryAfterMs ?? 5 * 60_000;
    void (async () => {
      await this.#readDisk(providerId, entry);
      if (this.#isFresh(entry)) return;
      if (entry.problem !== undefined && this.#clock.now() - entry.problem.at < retryAfter) return;
      await this.load(providerId);
    })().catch((error: unknown) => this.#log.debug('background catalog refresh failed', { providerId, error: (error as Error).message }));
  }

  /** Fetches every listed catalog again (providers.refresh); failures fall back as in `load`. */
  async refreshAll(providerIds: readonly string[] = this.providers()): Promise<CatalogSnapshot[]> {
    const ids = providerIds.filter((id) => this.#entries.has(id));
    const snapshots = await Promise.all(ids.map((id) => this.load(id, { force: true })));
    return snapshots.filter((snapshot): snapshot is CatalogSnapshot => snapshot !== undefined);
  }

  /** Called after each successful fetch, with the models it brought. Returns the unsubscribe. */
  onFetched(listener: (providerId: string, models: readonly CatalogModel[]) => void): () => void {
    this.#fetchedListeners.add(listener);
    return () => this.#fetchedListeners.delete(listener);
  }

  /** Abandons running fetches; later calls answer from what is known. */
  dispose(): void {
    this.#stop.abort(new CatalogError(CatalogProblem.Unreachable, 'The host is stopping.'));
  }

  #isFresh(entry: Entry): boolean {
    return entry.cached !== undefined && this.#clock.now() - entry.cached.fetchedAt < entry.spec.ttlMs;
  }

  async #readDisk(providerId: string, entry: Entry): Promise<void> {
    entry.diskRead ??= this.#cache.read(providerId, entry.fingerprint).then(
      (cached) => {
        // A fetch that finished first has the newer list.
        if (cached !== undefined && entry.cached === undefined) entry.cached = { ...cached, origin: 'cache' };
      },
      () => undefined,
    );
    await entry.diskRead;
  }

  async #fetch(providerId: string, entry: Entry): Promise<CatalogSnapshot> {
    const origin = originOf(entry.spec.url);
    try {
      const fetched = await fetchCatalog(entry.spec, {
        ...(this.#options.network === undefined ? {} : { network: this.#options.network }),
        ...(this.#options.timeoutMs === undefined ? {} : { timeoutMs: this.#options.timeoutMs }),
        ...(this.#options.maxBytes === undefined ? {} : { maxBytes: this.#options.maxBytes }),
        signal: this.#stop.signal,
      });
      const cached: CachedCatalog = { fingerprint: entry.fingerprint, fetchedAt: this.#clock.now(), sha256: fetched.sha256, models: fetched.models };
      this.#log.info('model catalog fetched', { providerId, origin, models: fetched.models.length, ...(fetched.skipped > 0 ? { skipped: fetched.skipped } : {}) });
      try {
        await this.#cache.write(providerId, cached);
      } catch (error) {
        this.#log.warn(`could not cache the model catalog: ${(error as Error).message}`, { providerId });
      }
      // Shown only once the disk copy is settled, so nothing still writes after a caller sees it.
      entry.cached = { ...cached, origin: 'network' };
      entry.problem = undefined;
      for (const listener of this.#fetchedListeners) {
        try {
          listener(providerId, cached.models);
        } catch (error) {
          this.#log.warn(`a catalog listener failed: ${(error as Error).message}`, { providerId });
        }
      }
    } catch (error) {
      const problem = error instanceof CatalogError ? error : new CatalogError(CatalogProblem.Unreachable, `Could not fetch the model catalog from ${origin}.`);
      const repeated = entry.problem?.code === problem.code && entry.problem.message === problem.message;
      entry.problem = { code: problem.code, message: problem.message, at: this.#clock.now() };
      const fallback = entry.cached !== undefined ? 'the cached catalog' : 'the configured models';
      // Said once at warn; the same problem again only at debug (the background retries).
      this.#log[repeated ? 'debug' : 'warn'](`model catalog not updated, using ${fallback}: ${problem.message}`, { providerId, code: problem.code });
    }
    return this.#snapshot(providerId, entry);
  }

  #snapshot(providerId: string, entry: Entry): CatalogSnapshot {
    const problem = entry.problem === undefined ? {} : { problem: { ...entry.problem } };
    if (entry.cached !== undefined) {
      return {
        providerId,
        source: entry.cached.origin,
        models: entry.cached.models,
        fetchedAt: entry.cached.fetchedAt,
        stale: !this.#isFresh(entry),
        ...problem,
      };
    }
    const models = staticModels(this.#config, providerId).map((model) => ({
      id: model.id,
      ...(model.name === undefined ? {} : { name: model.name }),
      ...(model.description === undefined ? {} : { description: model.description }),
      ...(model.limit?.context === undefined ? {} : { contextLength: model.limit.context }),
    }));
    return { providerId, source: 'static', models, stale: true, ...problem };
  }
}

/** The contract's view of a snapshot (`Provider.catalog`). */
export function catalogStatus(snapshot: CatalogSnapshot): ModelCatalogStatus {
  return {
    source: snapshot.source,
    ...(snapshot.fetchedAt === undefined ? {} : { fetchedAt: snapshot.fetchedAt }),
    stale: snapshot.stale,
    models: snapshot.source === 'static' ? 0 : snapshot.models.length,
    ...(snapshot.problem === undefined ? {} : { problem: snapshot.problem.message }),
  };
}
