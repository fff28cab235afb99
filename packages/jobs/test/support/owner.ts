// A process that owns a jobs root, for the kill -9 tests: it opens the service, starts one job
// and prints {"jobId","sessionKey","serverPid"} once output flows; then it waits to be killed.
import { findOwnSandboxes, JobsManager } from '../../src/index.js';

const [dataDir, modelUrl, apiKey] = process.argv.slice(2) as [string, string, string];
const manager = await JobsManager.open({
  dataDir,
  sandbox: 'bwrap',
  npmRegistry: 'http://127.0.0.1:9/',
  limits: { checkIntervalMs: 200 },
  sessionConfig: () => ({
    config: { model: 'scripted/scripted-1', provider: { scripted: { npm: '@ai-sdk/openai-compatible', name: 'Scripted', options: { baseURL: modelUrl, apiKey }, models: { 'scripted-1': { name: 'scripted-1' } } } } },
    secrets: [apiKey],
  }),
});
const { jobId, sessionKey } = await manager.start({ prompt: 'answer slowly please', session_id: 'survivor', requester: 'owner-test' });
for (;;) {
  const status = await manager.status({ job_id: jobId });
  if (status.outputSize > 0) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
process.stdout.write(`${JSON.stringify({ jobId, sessionKey, serverPid: findOwnSandboxes(manager.tag).get(sessionKey)?.[0] })}\n`);
setInterval(() => undefined, 60_000);
