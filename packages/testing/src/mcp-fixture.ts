// Where the facts MCP fixture lives, and OpenCode's config entry for starting it.

import { fileURLToPath } from 'node:url';

/** Absolute path of fixtures/facts-mcp-server.mjs; src/ and dist/ both sit one level below the package root. */
export function factsMcpServerPath(): string {
  return fileURLToPath(new URL('../fixtures/facts-mcp-server.mjs', import.meta.url));
}

export interface LocalMcpConfig {
  readonly type: 'local';
  readonly command: readonly string[];
  readonly enabled: boolean;
  readonly environment?: Readonly<Record<string, string>>;
}

/** The value for `mcp.<name>` in an OpenCode config; OpenCode exposes its tools as `<name>_lookup_fact`, `<name>_env_names`. */
export function factsMcpServerConfig(environment?: Readonly<Record<string, string>>): LocalMcpConfig {
  return {
    type: 'local',
    command: [process.execPath, factsMcpServerPath()],
    enabled: true,
    ...(environment ? { environment } : {}),
  };
}

/** Env var that makes the fixture write `{ pid, names }` (the names of its environment variables) to a file at start. */
export const FACTS_MCP_ENV_FILE = 'FACTS_MCP_ENV_FILE';
