// The user's own MCP servers join the config as if the app config had declared them: an
// `mcps[]` entry each, plus a tool catalog entry named after the server, so agents can be
// granted it by id and its trust (`permissionMode`) becomes the level of its patterns.

import type { McpServer, OpenCoworkConfig, Tool } from '@open-cowork/config';
import { mcpToolPrefix } from './mcps.js';
import { BuildWarningCode, type Warnings } from './warnings.js';

/** The catalog entry that stands for a custom server: every tool it offers, at its trust level. */
export function customMcpTool(server: Pick<McpServer, 'name' | 'description'>): Tool {
  const prefix = mcpToolPrefix(server.name);
  return {
    id: server.name,
    name: server.name,
    icon: 'plug',
    ...(server.description === undefined ? {} : { description: server.description }),
    namespace: prefix,
    patterns: [`${prefix}*`],
  };
}

/**
 * The config with the custom servers appended after the configured ones. A custom server
 * whose name a configured MCP or catalog entry already uses is skipped with a warning
 * (pointer `/customMcps/<index>`): the config wins, as it does for agents.
 */
export function withCustomMcps(config: OpenCoworkConfig, custom: readonly McpServer[], warnings?: Warnings): OpenCoworkConfig {
  if (custom.length === 0) return config;
  const mcps = [...(config.mcps ?? [])];
  const tools = [...(config.tools ?? [])];
  custom.forEach((server, index) => {
    if (mcps.some((other) => other.name === server.name) || tools.some((tool) => tool.id === server.name)) {
      warnings?.add(
        BuildWarningCode.McpNameTaken,
        `Custom MCP "${server.name}" is skipped: the app config already uses that name; rename the custom server.`,
        `/customMcps/${index}`,
      );
      return;
    }
    mcps.push(server);
    tools.push(customMcpTool(server));
  });
  return { ...config, mcps, tools };
}
