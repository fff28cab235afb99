// Each slice writes only its own data. The proof is at compile time: `npm run typecheck`
// compiles this file, and every `@ts-expect-error` below fails the typecheck if the write it
// marks ever compiles. At run time the setter only records what it was given.
import type { AuthStatus, HostEvent } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import type { AgentsData } from '../src/state/model/agents.js';
import type { UpdatesData } from '../src/state/model/updates.js';
import type { EventFold, SliceContext, StateChange } from '../src/state/slice.js';

const SIGNED_OUT: AuthStatus = { mode: 'none', signedIn: false, scopes: [], pending: false };

describe('slice ownership', () => {
  it("a slice's set takes its own data and refuses another slice's keys, directly or through a function of the state", () => {
    const changes: StateChange<AgentsData>[] = [];
    const set: SliceContext<AgentsData>['set'] = (change) => void changes.push(change);
    set({ agentTemplates: [] });
    set((s) => ({ agents: { ...s.agents, load: 'loading' } }));
    // @ts-expect-error `notices` is the notices slice's data
    set({ agentTemplates: [], notices: [] });
    // @ts-expect-error `sessions` is the sessions slice's data
    set((s) => ({ agentTemplates: [], sessions: s.sessions }));
    expect(changes).toHaveLength(4);
  });

  it("an event fold's changes are its own slice's data only", () => {
    const own: EventFold<HostEvent, UpdatesData>['changes'] = () => ({ updates: undefined });
    // @ts-expect-error `auth` is the identity slice's data
    const stray: EventFold<HostEvent, UpdatesData>['changes'] = () => ({ auth: SIGNED_OUT });
    expect([own(), stray()]).toEqual([{ updates: undefined }, { auth: SIGNED_OUT }]);
  });
});
