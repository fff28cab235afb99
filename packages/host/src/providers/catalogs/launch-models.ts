// The dynamic catalogs' models in OpenCode's config. The picker offers every model a catalog
// lists; OpenCode can run one only if its config names it, so each boot writes the models
// known then (this run's fetch or the disk copy) under the provider's entry. When a later
// fetch changes the list of a provider the runtime was started with, the runtime reloads
// (after running answers finish, see RestartWhenIdle); a list that did not change, or one
// for a provider the runtime has no entry for (not connected), changes nothing.
import type { CatalogModelRef, OpencodeConfig } from '@open-cowork/runtime';
import type { CatalogModel } from './parse.js';
import type { DynamicCatalogs } from './service.js';

type Catalogs = Pick<DynamicCatalogs, 'providers' | 'current' | 'onFetched'>;

export class CatalogLaunchModels {
  readonly #catalogs: Catalogs;
  readonly #requestRestart: (reason: string) => void;
  /** Model ids written at the last boot, by provider (only providers with an entry). */
  #launched = new Map<string, string>();
  /** What the last `forLaunch` read, until `noteLaunched` sees which providers got an entry. */
  #pending = new Map<string, string>();
  readonly #unsubscribe: () => void;

  constructor(catalogs: Catalogs, requestRestart: (reason: string) => void) {
    this.#catalogs = catalogs;
    this.#requestRestart = requestRestart;
    this.#unsubscribe = catalogs.onFetched((providerId, models) => this.#fetched(providerId, models));
  }

  /** The models to write at this boot, by provider id. */
  async forLaunch(): Promise<Record<string, CatalogModelRef[]>> {
    const out: Record<string, CatalogModelRef[]> = {};
    this.#pending = new Map();
    for (const providerId of this.#catalogs.providers()) {
      const snapshot = await this.#catalogs.current(providerId);
      if (snapshot === undefined || snapshot.source === 'static') continue; // the descriptor's own list is already there
      out[providerId] = snapshot.models.map((model) => (model.name === undefined ? { id: model.id } : { id: model.id, name: model.name }));
      this.#pending.set(providerId, idsOf(snapshot.models));
    }
    return out;
  }

  /** Records what the boot about to start was given (call with the built config). */
  noteLaunched(config: OpencodeConfig): void {
    const launched = new Map<string, string>();
    for (const providerId of this.#catalogs.providers()) {
      if (config.provider?.[providerId] === undefined) continue;
      launched.set(providerId, this.#pending.get(providerId) ?? '');
    }
    this.#launched = launched;
  }

  dispose(): void {
    this.#unsubscribe();
  }

  #fetched(providerId: string, models: readonly CatalogModel[]): void {
    const before = this.#launched.get(providerId);
    if (before === undefined || before === idsOf(models)) return;
    this.#launched.set(providerId, idsOf(models)); // one reload per change
    this.#requestRestart(`the ${providerId} model catalog changed`);
  }
}

function idsOf(models: readonly CatalogModel[]): string {
  return models.map((model) => model.id).sort().join('\n');
}
