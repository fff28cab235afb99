// The jobs MCP server: the six operations of isolated session jobs for any MCP client.
// OPEN_COWORK_JOBS_DATA_DIR (required) is the data dir whose `jobs` folder it owns;
// OPEN_COWORK_JOBS_SESSION_CONFIG (required) names a JSON file {config, secrets} with the
// provider and model the sessions use (secret values are moved to read-only files per session).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { JobsManager, opencodeSourceSettings, SIDECAR_ENV, type SessionConfigInput } from '@open-cowork/jobs';
import { absoluteDirFromEnv, absolutePath, EnvError, requireEnv, runStdioServer } from '@open-cowork/mcp-kit';
import { jobsTools } from './tools.js';

await runStdioServer({
  name: 'jobs',
  version: '0.1.0',
  instructions: 'Hand a coding task to OpenCode in its own sandbox with opencode_start, then poll opencode_status and read opencode_output until the job ends. Reuse session_id for follow-up tasks.',
  setup: async (env) => {
    const dataDir = absoluteDirFromEnv(env, 'OPEN_COWORK_JOBS_DATA_DIR', { create: true });
    const configFile = absolutePath('OPEN_COWORK_JOBS_SESSION_CONFIG', requireEnv(env, 'OPEN_COWORK_JOBS_SESSION_CONFIG', 'the session config file'));
    const sessionConfig = (): SessionConfigInput => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(configFile, 'utf8'));
      } catch (error) {
        throw new EnvError('OPEN_COWORK_JOBS_SESSION_CONFIG', `OPEN_COWORK_JOBS_SESSION_CONFIG: ${configFile} is not readable JSON (${(error as Error).message}).`);
      }
      const input = parsed as Partial<SessionConfigInput>;
      if (typeof input.config !== 'object' || input.config === null) throw new EnvError('OPEN_COWORK_JOBS_SESSION_CONFIG', `OPEN_COWORK_JOBS_SESSION_CONFIG: ${configFile} needs a "config" object.`);
      return { config: input.config, secrets: Array.isArray(input.secrets) ? input.secrets.filter((value): value is string => typeof value === 'string') : [] };
    };
    sessionConfig();
    let binarySource;
    try {
      // The same variables as the headless host's flags; the cache defaults to <data dir>/sidecars.
      binarySource = opencodeSourceSettings({}, env, { cwd: dataDir, defaultDir: path.join(dataDir, 'sidecars') });
    } catch (error) {
      throw new EnvError(SIDECAR_ENV.source, `The jobs server's OpenCode source: ${(error as Error).message}`);
    }
    const manager = await JobsManager.open({
      dataDir,
      sessionConfig,
      binarySource,
      ...(env['OPEN_COWORK_JOBS_NPM_REGISTRY'] ? { npmRegistry: env['OPEN_COWORK_JOBS_NPM_REGISTRY'] } : {}),
    });
    // Session servers outlive this process: the next start reconnects to them.
    const close = () => void manager.close().finally(() => process.exit(0));
    process.stdin.once('close', close);
    process.once('SIGTERM', close);
    return manager;
  },
  tools: jobsTools,
});
