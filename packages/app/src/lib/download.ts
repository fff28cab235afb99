// Saving something the app made as a file: a Blob behind an object URL, clicked through a
// temporary <a download>. Works the same in a browser tab (under the host's CSP: no
// navigation, no inline code) and in the desktop shell (a download, not a navigation, so the
// window's navigation guard is not involved).

/** Offers `value` as a pretty-printed JSON file named `fileName`. */
export function downloadJson(fileName: string, value: unknown): void {
  downloadText(fileName, `${JSON.stringify(value, null, 2)}\n`, 'application/json');
}

/** Offers `text` as a file named `fileName` of the given MIME type. */
export function downloadText(fileName: string, text: string, type: string): void {
  const blob = new Blob([text], { type });
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
  const slug = fileSlug(brand ?? 'open-cowork');
  const stamp = generatedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  return `${slug || 'open-cowork'}-diagnostics-${stamp}.json`;
}

/** `text` as a file-name-safe slug: lower-case letters and digits joined by hyphens ("" when none). */
export function fileSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
