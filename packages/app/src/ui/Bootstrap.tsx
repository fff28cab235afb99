import { useCallback, useEffect, useMemo, useState } from 'react';
import type { HostClient } from '../host/client.js';
import { createHttpHostClient } from '../host/http-client.js';
import { createIpcHostClient, findPreloadBridge } from '../host/ipc-client.js';
import { forgetToken, storeToken, takeToken, type TokenEnvironment } from '../host/token.js';
import { connectEventBridge } from '../state/bridge.js';
import { createAppStore } from '../state/store.js';
import { StoreContext } from './context.js';
import { PairingScreen, type PairingReason } from './PairingScreen.js';
import { adoptPathRoute } from './router.js';
import { Shell } from './Shell.js';
import { ThemeSync } from './ThemeSync.js';

type Connection = { readonly kind: 'client'; readonly client: HostClient } | { readonly kind: 'pair'; readonly reason?: PairingReason };

function tokenEnvironment(): TokenEnvironment {
  let storage: Storage | undefined;
  try {
    storage = window.sessionStorage;
  } catch {
    storage = undefined;
  }
  return { location: window.location, history: window.history, storage };
}

/** Picks the transport: the desktop preload when present, else HTTP with the pairing token. */
export function Bootstrap() {
  const [rejected, setRejected] = useState(false);
  const onUnauthorized = useCallback(() => {
    forgetToken(tokenEnvironment());
    setRejected(true);
  }, []);

  const [connection, setConnection] = useState<Connection>(() => {
    const bridge = findPreloadBridge(window);
    const token = bridge === undefined ? takeToken(tokenEnvironment()) : undefined;
    adoptPathRoute(window.location, window.history);
    if (bridge !== undefined) return { kind: 'client', client: createIpcHostClient(bridge) };
    return token === undefined ? { kind: 'pair' } : { kind: 'client', client: createHttpHostClient({ token, onUnauthorized }) };
  });

  useEffect(() => {
    if (!rejected) return;
    setRejected(false);
    setConnection((current) => {
      if (current.kind === 'client') current.client.close();
      return { kind: 'pair', reason: 'rejected' };
    });
  }, [rejected]);

  if (connection.kind === 'pair') {
    return (
      <PairingScreen
        reason={connection.reason}
        onToken={(token) => {
          storeToken(tokenEnvironment(), token);
          setConnection({ kind: 'client', client: createHttpHostClient({ token, onUnauthorized }) });
        }}
      />
    );
  }
  return <ConnectedApp client={connection.client} />;
}

/** localStorage, when this page may use it (small choices such as the current workspace). */
function preferences(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

function ConnectedApp({ client }: { client: HostClient }) {
  const store = useMemo(() => {
    const storage = preferences();
    return createAppStore(client, storage === undefined ? {} : { preferences: storage });
  }, [client]);
  useEffect(() => {
    const disconnect = connectEventBridge(client, store);
    void store.getState().actions.boot();
    return disconnect;
  }, [client, store]);
  return (
    <StoreContext.Provider value={store}>
      <ThemeSync />
      <Shell />
    </StoreContext.Provider>
  );
}
