// The workflows client when there is no server to reach: a build without one, and a command that
// exits at once. Both are WORKFLOWS_UNAVAILABLE with a message for people; nothing is left running.
import { HostErrorCode } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { Logger } from '../../src/log/index.js';
import { WorkflowsClient } from '../../src/workflows/index.js';

const logger = new Logger({ runId: 'workflows-client', sink: () => undefined });

describe('WorkflowsClient without a working server', () => {
  it('says the build has no workflows server when its config has none', async () => {
    const client = new WorkflowsClient({ logger, endpoint: async () => undefined });
    await expect(client.call('list', {})).rejects.toMatchObject({ code: HostErrorCode.WorkflowsUnavailable, message: expect.stringMatching(/no workflows server/) });
    await client.close();
  });

  it('reports a server that exits before answering, with the end of its error output', async () => {
    const command = [process.execPath, '-e', 'process.stderr.write("cannot open the workflows folder\\n"); process.exit(3)'];
    const client = new WorkflowsClient({ logger, endpoint: async () => ({ type: 'local', command }), timeoutMs: 10_000 });
    const error = await client.call('list', {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: HostErrorCode.WorkflowsUnavailable, message: expect.stringMatching(/did not answer/) });
    await client.close();
    await expect(client.call('list', {})).rejects.toMatchObject({ code: HostErrorCode.WorkflowsUnavailable });
  });
});
