// The six tools of the jobs server, one per operation of the jobs service. Ids from the caller
// are checked by the service (a bad one is a tool error naming it), never joined into paths here.
import { defineTool, jsonResult, ToolError, z, type Tool } from '@open-cowork/mcp-kit';
import { JobsError, type JobsManager } from '@open-cowork/jobs';

const jobId = z.string().max(64).describe('The job id that opencode_start returned.');
const sessionId = z.string().max(64).optional().describe('The session id (sessionKey from opencode_start); optional, checked against the job when given.');

/** Service errors become tool errors with their message; anything else is unexpected. */
async function call(run: () => Promise<unknown>): Promise<ReturnType<typeof jsonResult>> {
  try {
    return jsonResult((await run()) as Record<string, unknown>);
  } catch (error) {
    if (error instanceof JobsError) throw new ToolError(`${error.code}: ${error.message}`);
    throw error;
  }
}

export function jobsTools(manager: JobsManager): Tool[] {
  return [
    defineTool({
      name: 'opencode_start',
      title: 'Start an OpenCode job',
      description: 'Starts a coding task in an isolated OpenCode session (its own sandbox and workspace) and returns at once with a job id. Pass session_id to continue an earlier session: the same server and conversation are reused.',
      input: {
        prompt: z.string().min(1).max(1_000_000).describe('The task for OpenCode.'),
        session_id: z.string().max(64).optional().describe('A session to continue (lower-case letters, digits, "_" and "-"); omitted: a new session.'),
      },
      run: (args) => call(() => manager.start({ prompt: args.prompt, session_id: args.session_id })),
    }),
    defineTool({
      name: 'opencode_status',
      title: 'Job status',
      description: 'State, elapsed seconds, output size, the last ~500 characters, seconds since the last output, activity (active, processing, idle), resource use and, once ended, why.',
      input: { job_id: jobId, session_id: sessionId },
      readOnly: true,
      run: (args) => call(() => manager.status(args)),
    }),
    defineTool({
      name: 'opencode_output',
      title: 'Job output',
      description: 'Reads a job\'s output from a byte offset (also while it runs). Continue from nextOffset while hasMore is true.',
      input: {
        job_id: jobId,
        session_id: sessionId,
        offset: z.number().int().min(0).optional().describe('Byte offset to read from. Default 0.'),
        limit: z.number().int().min(1).max(1_048_576).optional().describe('Most bytes to return. Default 65536.'),
      },
      readOnly: true,
      run: (args) => call(() => manager.output(args)),
    }),
    defineTool({
      name: 'opencode_cancel',
      title: 'Cancel a job',
      description: 'Aborts a running job through OpenCode, then stops its session\'s sandbox.',
      input: { job_id: jobId, session_id: sessionId },
      destructive: true,
      run: (args) => call(() => manager.cancel(args)),
    }),
    defineTool({
      name: 'opencode_cleanup',
      title: 'Clean up idle sessions',
      description: 'Removes idle sessions and stops their servers. Their workspaces (code, files, history) are kept unless delete_workspaces is true.',
      input: {
        delete_workspaces: z.boolean().optional().describe('Also delete the workspaces. Default false.'),
        idle_seconds: z.number().int().min(0).optional().describe('Sessions idle at least this long are removed. Default: the configured session idle timeout.'),
      },
      destructive: true,
      run: (args) => call(() => manager.cleanup(args)),
    }),
    defineTool({
      name: 'opencode_sessions',
      title: 'List sessions',
      description: 'Every session with its age, last activity, message count, server health and active job.',
      input: {},
      readOnly: true,
      run: () => call(async () => ({ sessions: await manager.sessions() })),
    }),
  ];
}
