// MCP servers (`mcps[]`) as OpenCode `mcp` entries. Credentials reach only the server they
// belong to: OpenCode hands its own environment to every MCP it starts, so nothing secret
// may go into the runtime's environment or into another server's entry.

import type { McpServer, OpenCoworkConfig } from '@open-cowork/config';
import type { McpLocalConfig, McpRemoteConfig } from '@opencode-ai/sdk/v2';
import type { RuntimeSettings } from '../settings.js';
import type { McpTrustLookup } from './catalog.js';
import { mcpToolPrefix } from './mcp-names.js';
import { RuleList } from './rules.js';
import type { BundledResources } from './types.js';
import { BuildWarningCode, pointer, type Warnings } from './warnings.js';

export type McpEntry = McpLocalConfig | McpRemoteConfig;

export { mcpToolPrefix } from './mcp-names.js';

export interface McpBuild {
  readonly mcp: Record<string, McpEntry>;
  /** `<server>_*` at each emitted server's permissionMode (default ask), in config order. */
  readonly trustRules: RuleList;
  /** The permissionMode of the server owning a tool-name pattern (longest prefix wins). */
  readonly trustOf: McpTrustLookup;
}

export function buildMcps(input: {
  readonly config: OpenCoworkConfig;
  readonly settings: RuntimeSettings;
  readonly bundled: BundledResources;
  readonly warnings: Warnings;
  /** The Google ADC file while signed in; see BuildInput.googleCredentials. */
  readonly googleCredentials?: string;
}): McpBuild {
  const { config, settings, bundled, warnings } = input;
  const mcp: Record<string, McpEntry> = {};
  const trust: { prefix: string; level: 'allow' | 'ask' }[] = [];

  (config.mcps ?? []).forEach((server, index) => {
    const credentials = settings.mcpCredentials?.[server.name] ?? {};
    const entry =
      server.type === 'local'
        ? localEntry(server, index, credentials, bundled, warnings, input.googleCredentials)
        : remoteEntry(server, index, credentials, warnings);
    if (entry === undefined) return;
    mcp[server.name] = entry;
    trust.push({ prefix: mcpToolPrefix(server.name), level: server.permissionMode === 'allow' ? 'allow' : 'ask' });
  });

  const trustRules = new RuleList();
  for (const { prefix, level } of trust) trustRules.set(`${prefix}*`, level);
  const byLongestPrefix = [...trust].sort((a, b) => b.prefix.length - a.prefix.length);
  const trustOf: McpTrustLookup = (pattern) => byLongestPrefix.find(({ prefix }) => pattern.startsWith(prefix))?.level;
  return { mcp, trustRules, trustOf };
}

type Credentials = Readonly<Record<string, string>>;

/** A stored credential, if it holds a value (an emptied form field counts as unset). */
function credential(credentials: Credentials, key: string): string | undefined {
  const value = credentials[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function localEntry(
  server: McpServer,
  index: number,
  credentials: Credentials,
  bundled: BundledResources,
  warnings: Warnings,
  googleCredentials: string | undefined,
): McpLocalConfig | undefined {
  const at = pointer('mcps', index);
  let command: readonly string[] | undefined;
  let hostEnvironment: Readonly<Record<string, string>> = {};
  if (server.command !== undefined) {
    command = server.command;
  } else if (server.packageName !== undefined) {
    command = bundled.mcpCommand(server.packageName);
    if (command === undefined || command.length === 0) {
      warnings.add(
        BuildWarningCode.McpBundleMissing,
        `MCP "${server.name}" is skipped: its bundled package "${server.packageName}" is not installed with the app.`,
        `${at}/packageName`,
      );
      return undefined;
    }
    hostEnvironment = bundled.mcpEnvironment?.(server.packageName) ?? {};
  } else {
    warnings.add(BuildWarningCode.McpCommandMissing, `Local MCP "${server.name}" is skipped: it has neither "command" nor "packageName".`, at);
    return undefined;
  }
  if ((server.headerSettings ?? []).length > 0) {
    warnings.add(
      BuildWarningCode.McpSettingIgnored,
      `MCP "${server.name}" is local; its headerSettings apply only to remote servers and are ignored.`,
      `${at}/headerSettings`,
    );
  }

  const environment: Record<string, string> = { ...server.environment };
  for (const { env, key } of server.envSettings ?? []) {
    const value = credential(credentials, key);
    if (value !== undefined) environment[env] = value;
  }
  Object.assign(environment, hostEnvironment);
  // Only servers that opted in, and only while signed in: never another identity's file.
  if (server.googleAuth === true && googleCredentials !== undefined) environment['GOOGLE_APPLICATION_CREDENTIALS'] = googleCredentials;

  const entry: McpLocalConfig = { type: 'local', command: [...command] };
  if (Object.keys(environment).length > 0) entry.environment = environment;
  entry.enabled = server.enabled ?? true;
  return entry;
}

function remoteEntry(server: McpServer, index: number, credentials: Credentials, warnings: Warnings): McpRemoteConfig | undefined {
  const at = pointer('mcps', index);
  if (server.url === undefined) {
    warnings.add(BuildWarningCode.McpUrlMissing, `Remote MCP "${server.name}" is skipped: it has no "url".`, at);
    return undefined;
  }
  if ((server.envSettings ?? []).length > 0) {
    warnings.add(
      BuildWarningCode.McpSettingIgnored,
      `MCP "${server.name}" is remote; its envSettings apply only to local servers and are ignored.`,
      `${at}/envSettings`,
    );
  }

  const headers: Record<string, string> = { ...server.headers };
  for (const { header, key, prefix } of server.headerSettings ?? []) {
    const value = credential(credentials, key);
    if (value !== undefined) headers[header] = `${prefix ?? ''}${value}`;
  }

  const entry: McpRemoteConfig = { type: 'remote', url: server.url };
  if (Object.keys(headers).length > 0) entry.headers = headers;
  // Only servers declared as OAuth may start OpenCode's OAuth discovery; for the others a
  // 401 should surface as a failed connection (a bad token), not as a sign-in prompt.
  if (server.authMode !== 'oauth') entry.oauth = false;
  entry.enabled = server.enabled ?? true;
  return entry;
}
