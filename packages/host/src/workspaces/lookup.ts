// Folder → workspace for the event path. Events stream by the thousand, so the registry
// (a file other processes may change) is read at most once per `ttlMs`, and again at once
// for a folder it has not seen yet, so a workspace added elsewhere is picked up on its first
// event. Lookups answer synchronously while the snapshot is fresh, which keeps events in order
// without a promise per event.
import { realpath } from 'node:fs/promises';
import type { Workspace } from '@open-cowork/contracts';
import { systemClock, type Clock } from '../ports/clock.js';
import type { WorkspaceRegistry } from './store.js';

export interface WorkspaceLookupOptions {
  readonly clock?: Clock;
  /** How long a snapshot of the registry is trusted. Default 2000 ms. */
  readonly ttlMs?: number;
}

export class WorkspaceLookup {
  readonly #registry: Pick<WorkspaceRegistry, 'list'>;
  readonly #clock: Clock;
  readonly #ttlMs: number;
  #byPath = new Map<string, Workspace>();
  #byId = new Map<string, Workspace>();
  /** Folders known not to be workspaces in the current snapshot. */
  #misses = new Set<string>();
  #loadedAt = Number.NEGATIVE_INFINITY;
  #loading: Promise<void> | undefined;

  constructor(registry: Pick<WorkspaceRegistry, 'list'>, options: WorkspaceLookupOptions = {}) {
    this.#registry = registry;
    this.#clock = options.clock ?? systemClock;
    this.#ttlMs = options.ttlMs ?? 2000;
  }

  /** The workspace of `directory`, null when it is known not to be one, undefined when only `resolve` can tell. */
  peek(directory: string): Workspace | null | undefined {
    if (!this.#fresh()) return undefined;
    const hit = this.#byPath.get(directory);
    if (hit !== undefined) return hit;
    return this.#misses.has(directory) ? null : undefined;
  }

  async resolve(directory: string): Promise<Workspace | undefined> {
    const known = this.peek(directory);
    if (known !== undefined) return known ?? undefined;
    await this.refresh();
    let hit = this.#byPath.get(directory);
    if (hit === undefined) {
      // The registry keeps real paths; the runtime may spell a folder through a link.
      const real = await realpath(directory).catch(() => directory);
      hit = this.#byPath.get(real);
    }
    if (hit === undefined) this.#misses.add(directory);
    return hit;
  }

  /** The workspace with this id in the current snapshot (no refresh). */
  byId(id: string): Workspace | undefined {
    return this.#byId.get(id);
  }

  /** The oldest workspace of the current snapshot, for calls any workspace's folder can answer. */
  any(): Workspace | undefined {
    return this.#byId.values().next().value;
  }

  /** Re-reads the registry (one read at a time). */
  refresh(): Promise<void> {
    this.#loading ??= this.#registry
      .list()
      .then((workspaces) => {
        this.#byPath = new Map(workspaces.map((workspace) => [workspace.path, workspace]));
        this.#byId = new Map(workspaces.map((workspace) => [workspace.id, workspace]));
        this.#misses = new Set();
        this.#loadedAt = this.#clock.now();
      })
      .finally(() => {
        this.#loading = undefined;
      });
    return this.#loading;
  }

  /** After this process changed the registry: the next lookup reads it again. */
  invalidate(): void {
    this.#loadedAt = Number.NEGATIVE_INFINITY;
  }

  #fresh(): boolean {
    return this.#clock.now() - this.#loadedAt <= this.#ttlMs;
  }
}
