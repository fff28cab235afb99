import { createContext, useContext, useMemo } from 'react';
import { useStore } from 'zustand';
import { createTranslator, type Translator } from '../i18n/i18n.js';
import type { AppStore } from '../state/store.js';
import type { AppActions, AppState } from '../state/types.js';

export const StoreContext = createContext<AppStore | undefined>(undefined);

export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (store === undefined) throw new Error('useAppStore outside <StoreContext.Provider>.');
  return store;
}

/** A slice of the state; re-renders only when the selected value changes (Object.is). */
export function useAppState<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStore(), selector);
}

/** The named actions: the only way components change state. */
export function useActions(): AppActions {
  return useStore(useAppStore(), (s) => s.actions);
}

/** The message catalog of the connected app (brand copy and i18n strings laid over English). */
export function useT(): Translator {
  const info = useAppState((s) => s.info);
  return useMemo(() => createTranslator(info), [info]);
}
