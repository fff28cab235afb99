import { loadConfig, locateDefaultConfig, type LoadOptions, type LoadResult } from '@open-cowork/config';
import type { CliIo } from './io.js';

/** Loads the effective config the way the app does on this machine. */
export function loadForCli(io: CliIo, extra: Partial<LoadOptions> = {}): LoadResult {
  return loadConfig({
    defaultConfigPath: io.defaultConfigPath ?? locateDefaultConfig(),
    env: io.env,
    cwd: io.cwd,
    ...(io.platform === undefined ? {} : { platform: io.platform }),
    ...(io.homeDir === undefined ? {} : { homeDir: io.homeDir }),
    ...(io.managedConfigPaths === undefined ? {} : { managedConfigPaths: io.managedConfigPaths }),
    ...extra,
  });
}
