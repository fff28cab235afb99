/** Where the pairing token is kept for this tab (cleared when the tab closes). */
export const TOKEN_STORAGE_KEY = 'open-cowork.token';

export interface TokenEnvironment {
  readonly location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  readonly history: Pick<History, 'replaceState' | 'state'>;
  readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined;
}

/**
 * The pairing token: from the URL fragment (`#token=…`, which browsers never send to a
 * server), which is then removed from the address bar and history; else from this tab's
 * sessionStorage.
 */
export function takeToken(env: TokenEnvironment): string | undefined {
  const fromHash = tokenFromFragment(env.location.hash);
  if (fromHash !== undefined) {
    safeStorage(() => env.storage?.setItem(TOKEN_STORAGE_KEY, fromHash));
    env.history.replaceState(env.history.state, '', `${env.location.pathname}${env.location.search}`);
    return fromHash;
  }
  const stored = safeStorage(() => env.storage?.getItem(TOKEN_STORAGE_KEY));
  return typeof stored === 'string' && stored !== '' ? stored : undefined;
}

export function storeToken(env: TokenEnvironment, token: string): void {
  safeStorage(() => env.storage?.setItem(TOKEN_STORAGE_KEY, token));
}

export function forgetToken(env: TokenEnvironment): void {
  safeStorage(() => env.storage?.removeItem(TOKEN_STORAGE_KEY));
}

/** `#token=abc` (or `#…&token=abc`) → "abc". */
export function tokenFromFragment(hash: string): string | undefined {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!fragment.includes('token=')) return undefined;
  const value = new URLSearchParams(fragment).get('token')?.trim();
  return value ? value : undefined;
}

/**
 * What a person pasted: a whole pairing link (`http://host:port/#token=…`) or the bare
 * token. Returns the token and, for links to another origin, that origin.
 */
export function parsePairingInput(input: string): { token: string; origin?: string } | undefined {
  const text = input.trim();
  if (text === '') return undefined;
  if (/^https?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return undefined;
    }
    const token = tokenFromFragment(url.hash) ?? url.searchParams.get('token') ?? undefined;
    return token ? { token, origin: url.origin } : undefined;
  }
  const token = tokenFromFragment(text) ?? text;
  return /^[\w.~+/=-]+$/.test(token) ? { token } : undefined;
}

function safeStorage<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    // Storage can be switched off (privacy modes); the token then lasts for the page only.
    return undefined;
  }
}
