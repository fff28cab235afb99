// OpenCode builds each folder's instance lazily: the first request naming a directory loads
// its config, the provider catalog and the model's SDK, the agents, the tool registry, the
// file watcher and the file search, which made the first answer of a new chat several times
// slower than later ones. Each time the runtime becomes ready (start, every restart, and every
// in-place reload, which disposes the instances), the most recently added workspaces are warmed with read-only requests that pull
// those in, so the user's first prompt finds them done. Nothing here creates a session or
// calls the model.
import type { RuntimeConnection, RuntimeStatus } from '@open-cowork/runtime';
import type { Logger } from '../log/index.js';

/** How many workspaces are warmed (the newest); each costs the runtime some memory. */
export const WARMED_WORKSPACES = 3;

export interface WarmUpOptions {
  readonly onStatus: (listener: (status: RuntimeStatus) => void) => () => void;
  readonly connection: () => RuntimeConnection;
  /** Registered workspace folders, oldest first. */
  readonly workspaces: () => Promise<readonly string[]>;
  /** The chat model as "provider/model", when one is configured. */
  readonly model: () => Promise<string | undefined>;
  readonly logger: Logger;
}

export class RuntimeWarmUp {
  readonly #options: WarmUpOptions;
  readonly #dispose: () => void;
  #current: Promise<void> = Promise.resolve();
  /** The ready status last warmed: a new pid (restart) or a new `since` (in-place reload) warms again. */
  #warmed: string | undefined;

  constructor(options: WarmUpOptions) {
    this.#options = options;
    this.#dispose = options.onStatus((status) => {
      if (status.state !== 'ready') return;
      const key = `${status.pid}@${status.since}`;
      if (key === this.#warmed) return;
      this.#warmed = key;
      this.#current = this.#warmAll(key);
    });
  }

  /** Settles when the warm-up of the current runtime process is over (never rejects). */
  settled(): Promise<void> {
    return this.#current;
  }

  dispose(): void {
    this.#dispose();
  }

  async #warmAll(key: string): Promise<void> {
    const log = this.#options.logger;
    try {
      const [folders, model] = await Promise.all([this.#options.workspaces(), this.#options.model()]);
      const started = Date.now();
      const newest = folders.slice(-WARMED_WORKSPACES).reverse();
      for (const directory of newest) {
        // A newer process or reload took over: its own warm-up runs.
        if (this.#warmed !== key) return;
        await this.#warm(directory, model);
      }
      if (newest.length > 0) log.debug('runtime instances warmed', { workspaces: newest.length, ms: Date.now() - started });
    } catch (error) {
      // A warm-up is an optimisation: a failure only means the first answer is slower.
      log.debug(`runtime warm-up stopped: ${(error as Error).message}`);
    }
  }

  async #warm(directory: string, model: string | undefined): Promise<void> {
    const { client } = this.#options.connection();
    // In order: the instance itself (config, plugins), providers and models, agents, tools
    // (with the model, as a prompt asks for them), then file search (watcher and ripgrep).
    await client.config.providers({ directory });
    await client.app.agents({ directory });
    const slash = model?.indexOf('/') ?? -1;
    if (model !== undefined && slash > 0) {
      await client.tool.list({ directory, provider: model.slice(0, slash), model: model.slice(slash + 1) });
    }
    await client.find.files({ directory, query: '.', limit: 1 });
  }
}
