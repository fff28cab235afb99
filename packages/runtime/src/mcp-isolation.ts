// OpenCode hands its whole environment to every local MCP server it starts. The runtime's
// environment is already an allowlist, but it must carry the per-boot server password and
// the path of the private config file; an MCP has no business with either. Each local MCP
// command is therefore started through `env -u …`, which drops them before the server runs,
// and, inside a sandbox that can nest, through a child boundary of its own (see
// runtime-boundary.ts), so that it cannot read them from its parent's /proc either.

/**
 * Variables the runtime needs and its children must not see. OPENCODE_PID is the runtime's
 * own pid: a child has no use for it but to look its parent up in /proc.
 */
export const RUNTIME_ONLY_ENV = ['OPENCODE_SERVER_PASSWORD', 'OPENCODE_SERVER_USERNAME', 'OPENCODE_CONFIG', 'OPENCODE_PID'] as const;

const ENV_BINARY = '/usr/bin/env';

/** `env -u NAME…` for RUNTIME_ONLY_ENV: what a child gets where no boundary can nest. */
export const SCRUB_PREFIX: readonly string[] = [ENV_BINARY, ...RUNTIME_ONLY_ENV.flatMap((name) => ['-u', name])];

/**
 * Returns a copy of an OpenCode config whose local MCP commands start behind `prefix`
 * (default: SCRUB_PREFIX; a sandbox passes its child-boundary prefix, which begins with it).
 * Windows has no `env -u`; there the commands are left as they are.
 */
export function isolateMcpCommands(config: unknown, platform: NodeJS.Platform = process.platform, prefix: readonly string[] = SCRUB_PREFIX): unknown {
  if (platform === 'win32' || !isRecord(config) || !isRecord(config['mcp'])) return config;
  const mcp = Object.fromEntries(
    Object.entries(config['mcp']).map(([name, entry]) => {
      if (!isRecord(entry) || entry['type'] !== 'local' || !Array.isArray(entry['command']) || entry['command'].length === 0) {
        return [name, entry];
      }
      if (entry['command'][0] === ENV_BINARY) return [name, entry]; // already wrapped
      return [name, { ...entry, command: [...prefix, ...(entry['command'] as unknown[])] }];
    }),
  );
  return { ...config, mcp };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
