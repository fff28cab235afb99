import { useEffect, useSyncExternalStore } from 'react';
import { applyTheme, brandVariables, resolveScheme } from '../theme/theme.js';
import { useAppState, useT } from './context.js';

const DARK_QUERY = '(prefers-color-scheme: dark)';

function subscribeScheme(onChange: () => void): () => void {
  const query = window.matchMedia(DARK_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/** Keeps <html> in step with the appearance setting, the OS scheme, brand colours, language and title. */
export function ThemeSync() {
  const appearance = useAppState((s) => s.settings?.appearance);
  const theme = useAppState((s) => s.info?.branding.theme);
  const name = useAppState((s) => s.info?.branding.name);
  const prefersDark = useSyncExternalStore(subscribeScheme, () => window.matchMedia(DARK_QUERY).matches);
  const t = useT();

  useEffect(() => {
    const scheme = resolveScheme(appearance, prefersDark);
    applyTheme(document.documentElement, scheme, brandVariables(theme, scheme));
  }, [appearance, prefersDark, theme]);

  useEffect(() => {
    document.documentElement.lang = t.locale;
    if (name) document.title = name;
  }, [t, name]);

  return null;
}
