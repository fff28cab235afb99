/** Links the renderer opens: https: and mailto: only (the config schema says so too; checked again here). */
export function safeExternalUrl(value: string | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!/^(https:\/\/|mailto:)[^\s]+$/i.test(text)) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'mailto:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Images the page may show under its CSP: data: images only (the host inlines brand logos). */
export function safeImageUrl(value: string | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  return /^data:image\/(png|jpe?g|gif|webp|svg\+xml)[;,]/i.test(value) ? value : undefined;
}
