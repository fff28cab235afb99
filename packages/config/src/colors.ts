// Config colours (agents, templates, built-in agents) may be any colour name, as upstream
// allows ("primary", "azure", "#3b82f6"); the app shows six colour tokens of its theme.
export const COLOR_TOKENS = ['neutral', 'accent', 'info', 'success', 'warning', 'danger'] as const;
export type ColorToken = (typeof COLOR_TOKENS)[number];

/** Names other than the tokens, by the token whose place in a palette they take. */
const NEAREST: Readonly<Record<string, ColorToken>> = {
  primary: 'accent', purple: 'accent', violet: 'accent', indigo: 'accent', magenta: 'accent', pink: 'accent',
  secondary: 'neutral', gray: 'neutral', grey: 'neutral', muted: 'neutral',
  blue: 'info', azure: 'info', cyan: 'info', teal: 'info', sky: 'info',
  green: 'success', ok: 'success', lime: 'success', emerald: 'success',
  yellow: 'warning', amber: 'warning', orange: 'warning', warn: 'warning',
  red: 'danger', error: 'danger', crimson: 'danger', rose: 'danger',
};

/** The app's colour token for a config colour; anything it does not recognise is neutral. */
export function colorToken(color: string | undefined): ColorToken | undefined {
  if (color === undefined) return undefined;
  const name = color.toLowerCase();
  if ((COLOR_TOKENS as readonly string[]).includes(name)) return name as ColorToken;
  return NEAREST[name] ?? 'neutral';
}
