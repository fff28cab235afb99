// The store's workspace trust actions: answering the question updates that workspace's trust
// in the list (and only that one), parents are sent only when some were chosen, and a
// revocation reloads the list only when something was revoked.
import type { TrustedFolder, Workspace, WorkspaceTrust } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../src/state/store.js';
import { fakeHost } from './fakes.js';

const PLUGIN = { path: '/work/a/.opencode/plugins/p.js', kind: 'plugin' } as const;
const PARENT_PLUGIN = { path: '/work/.opencode/plugins/q.js', kind: 'plugin' } as const;

function asking(): WorkspaceTrust {
  return {
    trusted: false,
    ask: true,
    blocked: false,
    folders: [
      { path: '/work/a', decision: 'undecided', items: [PLUGIN], more: 0 },
      { path: '/work', decision: 'undecided', items: [PARENT_PLUGIN], more: 0 },
    ],
  };
}

function trustHost() {
  let trusted: TrustedFolder[] = [];
  const trustOf = (path: string): WorkspaceTrust | undefined => {
    if (path !== '/work/a') return undefined;
    const decided = (folder: string) => (trusted.some((t) => t.path === folder) ? 'trusted' : 'undecided');
    const base = asking();
    const folders = base.folders.map((f) => ({ ...f, decision: decided(f.path) as 'trusted' | 'undecided' }));
    return { ...base, trusted: decided('/work/a') === 'trusted', ask: folders.some((f) => f.decision === 'undecided'), folders };
  };
  const workspace = (id: string, path: string): Workspace => {
    const trust = trustOf(path);
    return { id, name: id, path, addedAt: 1, ...(trust === undefined ? {} : { trust }) };
  };
  const host = fakeHost({
    'workspaces.list': () => ({ workspaces: [workspace('ws_a', '/work/a'), workspace('ws_b', '/elsewhere')] }),
    'workspaces.trust': ({ trust, parents }: { id: string; trust: boolean; parents?: string[] }) => {
      if (trust) for (const path of ['/work/a', ...(parents ?? [])]) trusted = [{ path, since: trusted.length + 1 }, ...trusted.filter((t) => t.path !== path)];
      return workspace('ws_a', '/work/a');
    },
    'workspaces.trusted': () => ({ folders: trusted }),
    'workspaces.untrust': ({ path }: { path: string }) => {
      const before = trusted.length;
      trusted = trusted.filter((t) => t.path !== path);
      return { revoked: trusted.length < before };
    },
  });
  return host;
}

describe('workspace trust in the store', () => {
  it('answers for the workspace, sends parents only when chosen, and updates only that workspace', async () => {
    const host = trustHost();
    const store = createAppStore(host);
    const { actions } = store.getState();
    await actions.loadWorkspaces();
    const other = store.getState().workspaces.find((w) => w.id === 'ws_b');

    const answered = await actions.answerTrust('ws_a', true, []);
    expect(host.calls.filter((c) => c.method === 'workspaces.trust').map((c) => c.params)).toEqual([{ id: 'ws_a', trust: true }]);
    expect(answered.trust?.trusted).toBe(true);
    expect(answered.trust?.ask).toBe(true); // the parent is still undecided
    const state = store.getState();
    expect(state.workspaces.find((w) => w.id === 'ws_a')?.trust?.trusted).toBe(true);
    expect(state.workspaces.find((w) => w.id === 'ws_b')).toBe(other);

    await actions.answerTrust('ws_a', true, ['/work']);
    expect(host.calls.filter((c) => c.method === 'workspaces.trust').at(-1)?.params).toEqual({ id: 'ws_a', trust: true, parents: ['/work'] });
    expect(store.getState().workspaces.find((w) => w.id === 'ws_a')?.trust?.ask).toBe(false);
    expect((await actions.listTrusted()).map((t) => t.path)).toEqual(['/work', '/work/a']);
  });

  it('reloads the workspaces after a revocation, and not when nothing was trusted', async () => {
    const host = trustHost();
    const store = createAppStore(host);
    const { actions } = store.getState();
    await actions.loadWorkspaces();
    await actions.answerTrust('ws_a', true);
    const lists = () => host.calls.filter((c) => c.method === 'workspaces.list').length;

    const before = lists();
    expect(await actions.revokeTrust('/nowhere')).toBe(false);
    expect(lists()).toBe(before);

    expect(await actions.revokeTrust('/work/a')).toBe(true);
    expect(lists()).toBe(before + 1);
    const trust = store.getState().workspaces.find((w) => w.id === 'ws_a')?.trust;
    expect(trust?.trusted).toBe(false);
    expect(trust?.ask).toBe(true);
  });
});
