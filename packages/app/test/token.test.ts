import { describe, expect, it, vi } from 'vitest';
import { parsePairingInput, takeToken, TOKEN_STORAGE_KEY, tokenFromFragment, type TokenEnvironment } from '../src/host/token.js';

function env(hash: string, stored?: string) {
  const storage = new Map<string, string>(stored ? [[TOKEN_STORAGE_KEY, stored]] : []);
  const replaceState = vi.fn();
  const environment: TokenEnvironment = {
    location: { hash, pathname: '/', search: '' },
    history: { replaceState, state: null },
    storage: {
      getItem: (k) => storage.get(k) ?? null,
      setItem: (k, v) => void storage.set(k, v),
      removeItem: (k) => void storage.delete(k),
    },
  };
  return { environment, storage, replaceState };
}

describe('pairing token', () => {
  it('takes the token from #token=…, keeps it for the tab and removes it from the address bar', () => {
    const { environment, storage, replaceState } = env('#token=abc123');
    expect(takeToken(environment)).toBe('abc123');
    expect(storage.get(TOKEN_STORAGE_KEY)).toBe('abc123');
    expect(replaceState).toHaveBeenCalledWith(null, '', '/');
  });

  it('falls back to sessionStorage, and has none otherwise', () => {
    expect(takeToken(env('', 'kept').environment)).toBe('kept');
    const none = env('#/chat/ses_1');
    expect(takeToken(none.environment)).toBeUndefined();
    expect(none.replaceState).not.toHaveBeenCalled();
  });

  it('reads the fragment forms', () => {
    expect(tokenFromFragment('#token=a%2Bb')).toBe('a+b');
    expect(tokenFromFragment('#x=1&token=zz')).toBe('zz');
    expect(tokenFromFragment('#token=')).toBeUndefined();
  });

  it('accepts a pasted link or a bare token', () => {
    expect(parsePairingInput('  http://127.0.0.1:8787/#token=tok  ')).toEqual({ token: 'tok', origin: 'http://127.0.0.1:8787' });
    expect(parsePairingInput('Xy_9-abc')).toEqual({ token: 'Xy_9-abc' });
    expect(parsePairingInput('#token=t1')).toEqual({ token: 't1' });
    expect(parsePairingInput('http://127.0.0.1:8787/')).toBeUndefined();
    expect(parsePairingInput('not a token!')).toBeUndefined();
    expect(parsePairingInput('')).toBeUndefined();
  });
});
