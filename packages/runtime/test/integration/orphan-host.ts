// A throwaway host for the orphan test: starts a runtime, prints its PID, then waits to be killed.
import { RuntimeSupervisor } from '../../src/index.js';

const [dataDir, npmRegistry] = process.argv.slice(2);
if (!dataDir || !npmRegistry) throw new Error('usage: orphan-host.ts DATA_DIR NPM_REGISTRY');
const supervisor = new RuntimeSupervisor({ dataDir, npmRegistry, launchConfig: () => ({ config: { autoupdate: false } }) });
const connection = await supervisor.start();
process.stdout.write(`runtime-pid ${connection.pid}\n`);
setInterval(() => undefined, 60_000);
