// This package's version: what app.info, diagnostics and the update check report when the
// app does not name its own (the desktop passes Electron's app version). Read once.
import { readFileSync } from 'node:fs';

let version: string | undefined;

export function hostPackageVersion(): string {
  if (version !== undefined) return version;
  try {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    version = typeof manifest.version === 'string' ? manifest.version : '0.0.0';
  } catch {
    version = '0.0.0';
  }
  return version;
}
