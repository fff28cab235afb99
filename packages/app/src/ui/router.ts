// Hash routes (#/chat/ses_…): they work the same on the host's HTTP origin and inside the
// desktop shell's custom protocol, and never reach a server.

import { useSyncExternalStore } from 'react';

export type Route =
  | { readonly page: 'home' }
  | { readonly page: 'chat'; readonly sessionId: string }
  | { readonly page: 'agents' }
  /** The agent builder: a new agent, or the named agent (editable only when it is a custom one). */
  | { readonly page: 'agent'; readonly name?: string }
  | { readonly page: 'tools' }
  | { readonly page: 'jobs' }
  /** Saved workflow playbooks: run one now, its history, a setup chat for a new one. */
  | { readonly page: 'workflows' }
  /** Every permission request and question waiting for an answer, across chats. */
  | { readonly page: 'approvals' }
  /** The runtime's readiness and each capability's, with where it comes from. */
  | { readonly page: 'health' }
  | { readonly page: 'settings' }
  | { readonly page: 'setup' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const parts = path.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  switch (parts[0]) {
    case 'chat':
      return parts[1] ? { page: 'chat', sessionId: parts[1] } : { page: 'home' };
    case 'agents':
      if (parts[1] === 'new') return { page: 'agent' };
      if (parts[1] === 'edit' && parts[2]) return { page: 'agent', name: parts[2] };
      return { page: 'agents' };
    case 'tools':
      return { page: 'tools' };
    case 'jobs':
      return { page: 'jobs' };
    case 'workflows':
      return { page: 'workflows' };
    case 'approvals':
      return { page: 'approvals' };
    case 'health':
      return { page: 'health' };
    case 'settings':
      return { page: 'settings' };
    case 'setup':
      return { page: 'setup' };
    default:
      return { page: 'home' };
  }
}

export function hrefOf(route: Route): string {
  switch (route.page) {
    case 'home':
      return '#/';
    case 'chat':
      return `#/chat/${encodeURIComponent(route.sessionId)}`;
    case 'agent':
      return route.name === undefined ? '#/agents/new' : `#/agents/edit/${encodeURIComponent(route.name)}`;
    default:
      return `#/${route.page}`;
  }
}

/**
 * A page opened at a path (`/chat/ses_…`, as a pasted link or a test might) continues at the
 * same route in hash form, so both spellings lead to the same place.
 */
export function adoptPathRoute(location: Pick<Location, 'pathname' | 'search' | 'hash'>, history: Pick<History, 'replaceState' | 'state'>): void {
  const path = location.pathname.replace(/\/+$/, '');
  if (path === '' || path.includes('.')) return;
  if (location.hash.startsWith('#/')) return;
  history.replaceState(history.state, '', `/${location.search}#${path}`);
}

export function navigate(route: Route): void {
  const href = hrefOf(route);
  if (window.location.hash !== href) window.location.hash = href;
}

let cachedHash: string | undefined;
let cachedRoute: Route = { page: 'home' };

function snapshot(): Route {
  const hash = window.location.hash;
  if (hash !== cachedHash) {
    cachedHash = hash;
    cachedRoute = parseRoute(hash);
  }
  return cachedRoute;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  return useSyncExternalStore(subscribe, snapshot);
}
