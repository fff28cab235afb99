// How OpenCode names the tools of an MCP server.

/** OpenCode names an MCP tool `<server>_<tool>`, with anything but [A-Za-z0-9_-] in the server name replaced by "_". */
export function mcpToolPrefix(serverName: string): string {
  return `${serverName.replace(/[^a-zA-Z0-9_-]/g, '_')}_`;
}
