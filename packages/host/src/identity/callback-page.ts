// The small page the loopback listener answers the browser with once sign-in is decided:
// the brand's name, what happened, and "you can close this tab". Self-contained (no scripts,
// no remote assets), so it renders under the strict CSP the listener sends with it.

export interface CallbackPage {
  readonly ok: boolean;
  /** One line, for people. */
  readonly message: string;
}

export const CALLBACK_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function callbackPageHtml(brand: string, page: CallbackPage): string {
  const name = escapeHtml(brand);
  const heading = page.ok ? `You're signed in to ${name}` : `${name} could not sign you in`;
  const next = page.ok ? `You can close this tab and return to ${name}.` : `You can close this tab and try again from ${name}.`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${heading}</title>
<style>
  :root { color-scheme: light dark; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; background: Canvas; color: CanvasText; }
  main { max-width: 28rem; padding: 2rem; text-align: center; }
  .mark { font-size: 2rem; margin-bottom: .5rem; }
  h1 { font-size: 1.25rem; margin: 0 0 .75rem; }
  p { margin: .25rem 0; opacity: .85; }
</style>
</head>
<body>
<main>
<div class="mark" aria-hidden="true">${page.ok ? '&#10003;' : '&#9888;'}</div>
<h1>${heading}</h1>
<p>${escapeHtml(page.message)}</p>
<p>${next}</p>
</main>
</body>
</html>
`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
