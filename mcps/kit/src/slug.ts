// Names that are safe as file names on every platform and in URLs: lower-case ASCII letters,
// digits and single hyphens, starting with a letter or digit.

export const SLUG_PATTERN = '^[a-z0-9][a-z0-9-]{0,63}$';
const SLUG_RE = new RegExp(SLUG_PATTERN);

/** Whether `value` is a valid slug (1-64 characters). */
export function isSlug(value: string): boolean {
  return SLUG_RE.test(value);
}

/**
 * A slug made from free text: accents dropped, everything else that is not a letter or
 * digit becomes a hyphen, at most `max` characters. Empty when nothing usable is left.
 */
export function slugify(text: string, max = 64): string {
  const ascii = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const slug = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug.slice(0, max).replace(/-+$/, '');
}
