// Opens a URL in the user's browser. The desktop uses shell.openExternal; Node spawns the
// platform's opener. Only http(s) URLs pass: anything else (file:, javascript:, custom
// schemes) could start programs.
import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { CodedError, HostErrorCode } from '@open-cowork/contracts';

export interface BrowserOpener {
  open(url: string): Promise<void>;
}

/** The URL, normalised, if it may be opened; a BROWSER_URL_REJECTED CodedError otherwise. */
export function openableUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CodedError(HostErrorCode.BrowserUrlRejected, 'Cannot open this in a browser: it is not a URL.');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new CodedError(
      HostErrorCode.BrowserUrlRejected,
      `Cannot open a ${parsed.protocol} URL in a browser: only http and https are allowed.`,
      { protocol: parsed.protocol },
    );
  }
  return parsed.href;
}

/**
 * The opener's command line; the URL is always one argument and no shell is involved.
 * Windows: `start` is a cmd.exe built-in, and cmd would split an OAuth URL at its `&`s,
 * so the URL goes to the shell's protocol handler instead.
 */
export function openerCommand(platform: NodeJS.Platform, url: string): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  if (platform === 'win32') return { command: 'rundll32.exe', args: ['url.dll,FileProtocolHandler', url] };
  return { command: 'xdg-open', args: [url] };
}

type Spawn = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

export class NodeBrowserOpener implements BrowserOpener {
  readonly #platform: NodeJS.Platform;
  readonly #spawn: Spawn;

  constructor(options: { readonly platform?: NodeJS.Platform; readonly spawn?: Spawn } = {}) {
    this.#platform = options.platform ?? process.platform;
    this.#spawn = options.spawn ?? nodeSpawn;
  }

  /** Resolves once the opener started; it is not awaited further (some stay until the browser closes). */
  async open(url: string): Promise<void> {
    const href = openableUrl(url);
    const { command, args } = openerCommand(this.#platform, href);
    return new Promise((resolve, reject) => {
      const child = this.#spawn(command, args, { stdio: 'ignore', detached: true, shell: false, windowsHide: true });
      child.once('spawn', () => {
        child.unref();
        resolve();
      });
      child.once('error', (error) => {
        reject(
          new CodedError(
            HostErrorCode.BrowserOpenFailed,
            `Could not start ${command} to open the browser (${error.message}). Open this URL yourself: ${href}`,
            { command, url: href },
          ),
        );
      });
    });
  }
}

/** Tests' opener: checks the URL like the real one and remembers it. */
export class RecordingBrowserOpener implements BrowserOpener {
  readonly opened: string[] = [];

  async open(url: string): Promise<void> {
    this.opened.push(openableUrl(url));
  }
}
