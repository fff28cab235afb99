// Saving something the app made as a file: a Blob behind an object URL, clicked through a
// temporary <a download>. Works the same in a browser tab (under the host's CSP: no
// navigation, no inline code) and in the desktop shell (a download, not a navigation, so the
// window's navigation guard is not involved).

/** Offers `value` as a pretty-printed JSON file named `fileName`. */
export function downloadJson(fileName: string, value: unknown): void {
  const blob = new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.className = 'visually-hidden';
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // The download has started by the time this runs; the URL is no longer needed.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

/** "open-cowork-diagnostics-2026-11-21T10-20-30Z.json": the brand as a slug and the bundle's time. */
export function diagnosticsFileName(brand: string | undefined, generatedAt: string): string {
  const slug = (brand ?? 'open-cowork')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const stamp = generatedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  return `${slug || 'open-cowork'}-diagnostics-${stamp}.json`;
}
