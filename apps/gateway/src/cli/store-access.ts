// Opening the configured store for a CLI command: config errors and store errors become
// clear messages and exit 1; the store is closed whatever the command does.
import { loadGatewayConfig, type GatewayConfig } from '../config/load.js';
import { processOwnerId, openStore } from '../daemon/gateway.js';
import type { Db } from '../store/db.js';
import { migrate } from '../store/migrations.js';
import type { CliIo } from './io.js';

export function loadConfigFor(io: CliIo): GatewayConfig {
  return loadGatewayConfig({ env: io.env, cwd: io.cwd });
}

/** Runs `work` with the migrated store. */
export async function withStore<T>(io: CliIo, work: (db: Db, config: GatewayConfig) => Promise<T>, options: { readonly migrate?: boolean } = {}): Promise<T> {
  const config = loadConfigFor(io);
  const db = await openStore(config, processOwnerId());
  try {
    if (options.migrate !== false) await migrate(db);
    return await work(db, config);
  } finally {
    await db.close();
  }
}
