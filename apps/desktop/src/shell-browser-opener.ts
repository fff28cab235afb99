// The host's BrowserOpener over Electron's shell.openExternal. Stricter than the headless
// opener: https pages and mailto: addresses only, since the desktop also hands it links the
// renderer clicked (see window.ts), and plain http has no business opening from the app.
import { CodedError, HostErrorCode } from '@open-cowork/contracts';
import type { BrowserOpener } from '@open-cowork/host';
import { externalUrl } from './origin.js';
import type { ShellPort } from './ports.js';

export class ShellBrowserOpener implements BrowserOpener {
  readonly #shell: ShellPort;

  constructor(shell: ShellPort) {
    this.#shell = shell;
  }

  async open(url: string): Promise<void> {
    const href = externalUrl(url);
    if (href === undefined) {
      throw new CodedError(HostErrorCode.BrowserUrlRejected, 'Only https links and mailto: addresses open outside the app.', {
        protocol: protocolOf(url),
      });
    }
    try {
      await this.#shell.openExternal(href);
    } catch (error) {
      throw new CodedError(
        HostErrorCode.BrowserOpenFailed,
        `The system could not open the link (${error instanceof Error ? error.message : String(error)}). Open it yourself: ${href}`,
        { url: href },
      );
    }
  }
}

function protocolOf(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return '';
  }
}
