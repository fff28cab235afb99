// The update driver port: what installs an update in place. The desktop implements it over
// electron-updater; the headless host has none and offers only the manual link. The host
// decides everything else (which feed, which credentials, whether in-app install is allowed)
// and hands the driver a feed already resolved, credentials included, right before each use.

/** A feed resolved for one use. Holds credentials: it never leaves the host's process. */
export type ResolvedFeed =
  | {
      readonly provider: 'github';
      readonly owner: string;
      readonly repo: string;
      /** Selects the metadata file: `<channel>-mac.yml`. */
      readonly channel: string;
      /** A token for a private repository. */
      readonly token?: string;
      /** Extra request headers (none for GitHub today). */
      readonly headers: Readonly<Record<string, string>>;
    }
  | {
      readonly provider: 'generic';
      /** The folder holding `<channel>-mac.yml` and the files it names (may carry a signed query). */
      readonly url: string;
      readonly channel: string;
      /** Sent with every request to the feed (authorization, broker-issued headers). */
      readonly headers: Readonly<Record<string, string>>;
    };

/** What the driver found at the feed. */
export interface DriverCheck {
  readonly available: boolean;
  readonly version?: string;
}

export interface UpdateDriver {
  /** Points the updater at `feed` and lets it read the metadata itself (it must, before a download). */
  check(feed: ResolvedFeed): Promise<DriverCheck>;
  /** Downloads what the last check found; resolves once it is ready to install. */
  download(onProgress?: (percent: number) => void): Promise<void>;
  /** Quits the app and installs the downloaded update. */
  install(): Promise<void>;
}

/** What the app tells the host about this build; in-app install needs all three. */
export interface UpdateBuild {
  /** An installed app, not a development checkout. */
  readonly packaged: boolean;
  /** Node's platform name; in-app install is offered on "darwin" only. */
  readonly platform: string;
  /** Code-signed (by a developer identity, not ad hoc). */
  readonly signed: boolean;
}
