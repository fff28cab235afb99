// CatalogLaunchModels: what each boot writes, and which later fetches reload the runtime.
import { describe, expect, it } from 'vitest';
import { CatalogLaunchModels, type CatalogModel, type CatalogSnapshot } from '../../src/providers/catalogs/index.js';

function fakeCatalogs(snapshots: Record<string, CatalogSnapshot>) {
  let listener: ((providerId: string, models: readonly CatalogModel[]) => void) | undefined;
  return {
    providers: () => Object.keys(snapshots),
    current: async (id: string) => snapshots[id],
    onFetched: (next: typeof listener) => {
      listener = next;
      return () => (listener = undefined);
    },
    fetched: (id: string, models: CatalogModel[]) => listener?.(id, models),
  };
}

const snapshot = (providerId: string, source: CatalogSnapshot['source'], ids: string[]): CatalogSnapshot => ({ providerId, source, stale: false, models: ids.map((id) => ({ id, name: id.toUpperCase() })) });

describe('CatalogLaunchModels', () => {
  it('writes fetched and cached lists, not the static one', async () => {
    const catalogs = fakeCatalogs({ a: snapshot('a', 'network', ['m1']), b: snapshot('b', 'cache', ['m2']), c: snapshot('c', 'static', ['m3']) });
    const models = new CatalogLaunchModels(catalogs, () => undefined);
    expect(await models.forLaunch()).toEqual({ a: [{ id: 'm1', name: 'M1' }], b: [{ id: 'm2', name: 'M2' }] });
  });

  it('reloads once for a changed list of a provider the runtime has, never for others', async () => {
    const catalogs = fakeCatalogs({ a: snapshot('a', 'cache', ['m1']), b: snapshot('b', 'cache', ['m2']) });
    const reasons: string[] = [];
    const models = new CatalogLaunchModels(catalogs, (reason) => reasons.push(reason));
    await models.forLaunch();
    models.noteLaunched({ provider: { a: {} } }); // b is not connected: no entry
    catalogs.fetched('a', [{ id: 'm1' }]); // same list
    catalogs.fetched('b', [{ id: 'm2' }, { id: 'new' }]); // no entry for b
    expect(reasons).toEqual([]);
    catalogs.fetched('a', [{ id: 'm1' }, { id: 'm9' }]);
    catalogs.fetched('a', [{ id: 'm9' }, { id: 'm1' }]); // the same change again, in another order
    expect(reasons).toEqual(['the a model catalog changed']);
    models.dispose();
    catalogs.fetched('a', [{ id: 'other' }]);
    expect(reasons).toHaveLength(1);
  });
});
