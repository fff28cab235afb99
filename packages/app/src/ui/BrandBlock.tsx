import type { PublicBranding } from '@open-cowork/contracts';
import { safeImageUrl } from '../lib/safe-url.js';
import { hrefOf } from './router.js';
import { MarkIcon } from './icons.js';

type Variant = 'icon' | 'text' | 'icon-text' | 'logo' | 'logo-text';

/**
 * The brand block at the top of the sidebar, in the five variants of
 * `branding.sidebar.top.variant`. mediaSize sizes the icon or logo; mediaFit fixes its
 * height ("vertical") or width ("horizontal"), else a square box; mediaAlign places the
 * media in the icon-only and logo-only variants.
 */
export function BrandBlock({ branding }: { branding: PublicBranding }) {
  const top = branding.sidebar?.top ?? {};
  const logo = safeImageUrl(top.logoUrl);
  let variant: Variant = top.variant ?? 'icon-text';
  // A logo variant without a usable logo falls back to the app mark (the loader normally prevents this).
  if (logo === undefined && variant === 'logo') variant = 'icon';
  if (logo === undefined && variant === 'logo-text') variant = 'icon-text';
  const size = top.mediaSize ?? 28;
  const title = top.title ?? branding.name;
  const label = top.ariaLabel ?? title;
  const fit = top.mediaFit ?? 'square';
  const showText = variant === 'text' || variant === 'icon-text' || variant === 'logo-text';
  const mediaOnly = variant === 'icon' || variant === 'logo';

  const media =
    variant === 'icon' || variant === 'icon-text' ? (
      <MarkIcon size={size} className="brand-media" />
    ) : variant === 'logo' || variant === 'logo-text' ? (
      <img
        className={`brand-media brand-logo fit-${fit}`}
        src={logo}
        alt=""
        // Sized by attributes, not inline styles (the CSP refuses style attributes).
        {...(fit === 'vertical' ? { height: size } : fit === 'horizontal' ? { width: size } : { width: size, height: size })}
      />
    ) : null;

  return (
    <a
      className={`brand-block variant-${variant}${mediaOnly ? ` align-${top.mediaAlign ?? 'start'}` : ''}`}
      href={hrefOf({ page: 'home' })}
      aria-label={label}
      data-variant={variant}
    >
      {media}
      {showText && (
        <span className="brand-text">
          <span className="brand-title">{title}</span>
          {top.subtitle && <span className="brand-subtitle">{top.subtitle}</span>}
        </span>
      )}
    </a>
  );
}
