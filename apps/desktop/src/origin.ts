// Where the app's own pages come from and what they may load: the renderer is served from
// app://open-cowork/ (protocols.ts), brand assets from open-cowork-brand://brand/, and
// everything else is somebody else's origin.
import type { CustomScheme } from 'electron';
import { CONTENT_SECURITY_POLICY } from '@open-cowork/host';

export const APP_SCHEME = 'app';
export const APP_HOST = 'open-cowork';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page the window loads. */
export const START_URL = `${APP_ORIGIN}/index.html`;

export const BRAND_SCHEME = 'open-cowork-brand';
export const BRAND_HOST = 'brand';

/**
 * Both schemes are "standard" (real origins, so CSP 'self' and relative URLs work) and
 * "secure" (treated like https). Only the app scheme gets fetch: the renderer reads its own
 * files, never brand assets, with it.
 */
export const PRIVILEGED_SCHEMES: readonly CustomScheme[] = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  { scheme: BRAND_SCHEME, privileges: { standard: true, secure: true } },
];

/**
 * The renderer's policy: the headless host's, so the browser and the desktop run the same
 * UI under the same rules, plus brand images from the brand scheme (the host inlines its
 * logo as a data: URL instead).
 */
export const DESKTOP_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.split(';')
  .map((directive) => directive.trim())
  .map((directive) => (directive.startsWith('img-src ') ? `${directive} ${BRAND_SCHEME}:` : directive))
  .join('; ');

/** Headers every response of the app's origin carries. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': DESKTOP_CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * Whether `url` belongs to the app's origin. (Node's URL reports "null" as the origin of
 * custom schemes, so scheme and host are compared instead.)
 */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return (
    parsed !== undefined &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/**
 * The URL, normalised, when a link may leave the app for the system's handler: https pages
 * and mailto: addresses. Anything else (http, file:, javascript:, custom schemes that could
 * start programs) stays undefined.
 */
export function externalUrl(url: string): string | undefined {
  const parsed = parse(url);
  if (parsed === undefined) return undefined;
  if (parsed.protocol === 'https:' && parsed.hostname !== '' && parsed.username === '' && parsed.password === '') return parsed.href;
  if (parsed.protocol === 'mailto:' && parsed.pathname !== '') return parsed.href;
  return undefined;
}
