import type { AppInfo, HomeCopy } from '@open-cowork/contracts';
import { EN, type MessageKey } from './en.js';

export type Vars = Readonly<Record<string, string | number>>;

export interface Translator {
  /** The message for `key`, with `{{brand}}` and the given slots filled. */
  t(key: MessageKey, vars?: Vars): string;
  /** BCP 47 locale used for numbers and dates. */
  readonly locale: string;
  number(value: number, options?: Intl.NumberFormatOptions): string;
  date(value: number, options?: Intl.DateTimeFormatOptions): string;
  /** "3 minutes ago", "yesterday", or a date for older times. */
  relative(value: number, now?: number): string;
}

/** `branding.home` fields under their message keys. */
const HOME_KEYS: Readonly<Record<keyof HomeCopy, MessageKey>> = {
  greeting: 'home.greeting',
  subtitle: 'home.subtitle',
  composerPlaceholder: 'home.composerPlaceholder',
  suggestionLabel: 'home.suggestionLabel',
  statusReadyLabel: 'home.statusReadyLabel',
};

/**
 * The catalog the app shows: built-in English, overlaid by the brand's Home copy, overlaid
 * by `i18n.strings` (a translation of a message wins over the brand's default-language copy).
 */
export function createTranslator(info: Pick<AppInfo, 'name' | 'branding' | 'i18n'> | undefined): Translator {
  const brand = info?.branding.name ?? info?.name ?? 'Open Cowork';
  const locale = validLocale(info?.i18n.locale) ?? 'en-US';
  const overrides: Record<string, string> = {};
  const home = info?.branding.home;
  if (home) for (const [field, key] of Object.entries(HOME_KEYS)) {
    const value = home[field as keyof HomeCopy];
    if (typeof value === 'string' && value !== '') overrides[key] = value;
  }
  for (const [key, value] of Object.entries(info?.i18n.strings ?? {})) if (typeof value === 'string') overrides[key] = value;

  const numbers = new Map<string, Intl.NumberFormat>();
  const dates = new Map<string, Intl.DateTimeFormat>();
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });

  const api: Translator = {
    locale,
    t(key, vars) {
      const template = overrides[key] ?? EN[key] ?? key;
      return fill(template, { brand, ...vars });
    },
    number(value, options) {
      const id = JSON.stringify(options ?? {});
      let format = numbers.get(id);
      if (format === undefined) numbers.set(id, (format = new Intl.NumberFormat(locale, options)));
      return format.format(value);
    },
    date(value, options = { dateStyle: 'medium', timeStyle: 'short' }) {
      const id = JSON.stringify(options);
      let format = dates.get(id);
      if (format === undefined) dates.set(id, (format = new Intl.DateTimeFormat(locale, options)));
      return format.format(value);
    },
    relative(value, now = Date.now()) {
      const seconds = Math.round((value - now) / 1000);
      const abs = Math.abs(seconds);
      if (abs < 45) return relative.format(0, 'second');
      if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
      if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
      if (abs < 7 * 86_400) return relative.format(Math.round(seconds / 86_400), 'day');
      return api.date(value, { dateStyle: 'medium' });
    },
  };
  return api;
}

/** Replaces `{{name}}` slots; unknown slots stay as written so a typo shows. */
export function fill(template: string, vars: Vars): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, name: string) =>
    Object.hasOwn(vars, name) ? String(vars[name]) : whole,
  );
}

function validLocale(locale: string | undefined): string | undefined {
  if (!locale) return undefined;
  try {
    return Intl.getCanonicalLocales(locale)[0];
  } catch {
    return undefined;
  }
}
