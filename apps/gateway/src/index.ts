// Public entry of @open-cowork/gateway: the CLI, the daemon and the pieces tests and the
// benchmark drive directly.
export { runGatewayCli, mainHelp, COMMANDS } from './cli/main.js';
export type { CliIo } from './cli/io.js';
export { loadGatewayConfig, type GatewayConfig, type ConfigIssue } from './config/load.js';
export { VARIABLES, PREFIX, type VariableSpec } from './config/variables.js';
export { startGateway, openStore, processOwnerId, type GatewayOptions, type RunningGateway } from './daemon/gateway.js';
export { sendSignedMessage, type SignedMessage } from './webhook/client.js';
export { startDeliveryPeer, type Delivery, type DeliveryPeer } from './webhook/peer.js';
export { signInbound, signDelivery } from './webhook/signing.js';
export { GatewayError, GatewayErrorCode } from './errors.js';
export { openPglite } from './store/pglite.js';
export { openPostgres } from './store/postgres.js';
export { migrate } from './store/migrations.js';
export type { Db } from './store/db.js';
export { claimJob, completeJob, enqueueJob } from './queue/jobs.js';
export { upsertIdentity } from './store/identities.js';
