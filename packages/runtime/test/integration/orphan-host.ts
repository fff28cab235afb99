// A throwaway host for the orphan tests: starts a runtime (sandboxed as asked), prints its PID,
// then waits to be killed.
import { RuntimeSupervisor } from '../../src/index.js';

import { parseSandboxChoice } from '@open-cowork/sandbox';

const [dataDir, npmRegistry, backend = 'auto'] = process.argv.slice(2);
if (!dataDir || !npmRegistry) throw new Error('usage: orphan-host.ts DATA_DIR NPM_REGISTRY [SANDBOX]');
const supervisor = new RuntimeSupervisor({ dataDir, npmRegistry, sandbox: { backend: parseSandboxChoice(backend) }, launchConfig: () => ({ config: { autoupdate: false } }) });
const connection = await supervisor.start();
process.stdout.write(`runtime-pid ${connection.pid}\n`);
setInterval(() => undefined, 60_000);
