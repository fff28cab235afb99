// Colour scheme and brand colours, applied as CSS variables on <html>. Set through the
// CSSOM (element.style.setProperty), which the CSP's style-src 'self' allows, unlike
// inline style attributes in markup.

import type { Appearance, Theme } from '@open-cowork/contracts';

/** Theme keys → the CSS variables tokens.css defines (keys without one are not applied yet). */
export const THEME_VARIABLES: Readonly<Partial<Record<keyof Theme, string>>> = {
  background: '--color-bg',
  surface: '--color-surface',
  elevated: '--color-elevated',
  text: '--color-text',
  mutedText: '--color-muted',
  border: '--color-border',
  accent: '--color-accent',
  accent2: '--color-accent-2',
  accentHover: '--color-accent-hover',
  accentForeground: '--color-accent-fg',
  success: '--color-success',
  warning: '--color-warning',
  danger: '--color-danger',
  info: '--color-info',
};

/** Keys that read well on either scheme (brand and status colours). */
const SCHEME_NEUTRAL: ReadonlySet<keyof Theme> = new Set(['accent', 'accent2', 'accentHover', 'accentForeground', 'success', 'warning', 'danger', 'info']);

export type Scheme = 'light' | 'dark';

export function resolveScheme(appearance: Appearance | undefined, prefersDark: boolean): Scheme {
  if (appearance === 'light' || appearance === 'dark') return appearance;
  return prefersDark ? 'dark' : 'light';
}

/**
 * The brand colours to apply for a scheme. A brand palette is drawn for one scheme (its
 * background tells which); on that scheme every colour applies, on the other only the
 * accent and status colours, so a dark brand palette never turns light mode unreadable.
 */
export function brandVariables(theme: Theme | undefined, scheme: Scheme): Record<string, string> {
  if (theme === undefined) return {};
  const paletteScheme = theme.background === undefined ? undefined : luminance(theme.background) < 0.4 ? 'dark' : 'light';
  const out: Record<string, string> = {};
  for (const [key, variable] of Object.entries(THEME_VARIABLES) as [keyof Theme, string][]) {
    const value = theme[key];
    if (value === undefined) continue;
    if (paletteScheme === scheme || SCHEME_NEUTRAL.has(key)) out[variable] = value;
  }
  return out;
}

/** Applies scheme and brand colours to the document root. */
export function applyTheme(root: HTMLElement, scheme: Scheme, variables: Readonly<Record<string, string>>): void {
  root.dataset['theme'] = scheme;
  root.style.colorScheme = scheme;
  for (const variable of Object.values(THEME_VARIABLES)) {
    if (Object.hasOwn(variables, variable)) root.style.setProperty(variable, variables[variable] as string);
    else root.style.removeProperty(variable);
  }
}

/** Relative luminance (0 black … 1 white) of a hex or rgb() colour; 0.5 when unreadable. */
export function luminance(color: string): number {
  const rgb = parseColor(color);
  if (rgb === undefined) return 0.5;
  const [r, g, b] = rgb.map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function parseColor(color: string): [number, number, number] | undefined {
  const hex = /^#([0-9a-f]{3,8})$/i.exec(color.trim())?.[1];
  if (hex !== undefined) {
    const full = hex.length <= 4 ? [...hex.slice(0, 3)].map((c) => c + c).join('') : hex.slice(0, 6);
    return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(color.trim());
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  const hsl = /^hsla?\(\s*([\d.]+)[\s,]+([\d.]+)%[\s,]+([\d.]+)%/i.exec(color.trim());
  if (hsl) return hslToRgb(Number(hsl[1]), Number(hsl[2]) / 100, Number(hsl[3]) / 100);
  return undefined;
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [f(0) * 255, f(8) * 255, f(4) * 255];
}
