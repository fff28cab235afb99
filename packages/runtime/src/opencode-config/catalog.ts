// The app's curated tool catalog (`tools[]`) as permission rules.

import type { Tool } from '@open-cowork/config';
import { CAPABILITY_KEYS, type CapabilityKey } from './permissions.js';
import { mcpToolPrefix } from './mcp-names.js';
import { NATIVE_PERMISSIONS, permissionKey, RuleList, type Level } from './rules.js';

const CAPABILITY_KEY_SET: ReadonlySet<string> = new Set<CapabilityKey>(CAPABILITY_KEYS);

/** True for the permissions whose level the user's Settings decide. */
export function isCapabilityKey(key: string): boolean {
  return CAPABILITY_KEY_SET.has(key);
}

/** Finds, for a tool-name pattern, the trust level of the MCP server that owns it. */
export type McpTrustLookup = (pattern: string) => 'allow' | 'ask' | undefined;

export class ToolCatalog {
  readonly #tools: ReadonlyMap<string, Tool>;

  constructor(readonly tools: readonly Tool[]) {
    this.#tools = new Map(tools.map((tool) => [tool.id, tool]));
  }

  get(id: string): Tool | undefined {
    return this.#tools.get(id);
  }

  /** Read-only tools every configured and custom agent gets without naming them (`defaultAccess`). */
  defaultAccess(): Tool[] {
    return this.tools.filter((tool) => tool.defaultAccess === true && tool.writeAccess !== true);
  }

  /**
   * Every tool's allowPatterns and askPatterns, in catalog order: how tools behave for
   * agents that do not restrict them (the built-in agents). An "allow" for one of
   * OpenCode's own tools is left out: OpenCode allows them already, and writing it would
   * erase OpenCode's finer defaults (such as asking before reading `.env` files).
   */
  defaultRules(): RuleList {
    const rules = new RuleList();
    for (const tool of this.tools) {
      for (const pattern of tool.allowPatterns ?? []) {
        const key = permissionKey(pattern);
        if (!NATIVE_PERMISSIONS.has(key)) rules.set(key, 'allow');
      }
      for (const pattern of tool.askPatterns ?? []) rules.set(permissionKey(pattern), 'ask');
    }
    return rules;
  }
}

/**
 * The rules that grant one catalog tool to an agent whose default is deny. Each pattern of
 * the tool (`patterns`, `allowPatterns`, `askPatterns`) is granted; its level is, from
 * weakest to strongest: ask, the owning MCP's trust, the tool's own allow/ask lists.
 * Capability permissions (bash, edit, task, web tools) are granted as "allow", meaning
 * "has access": the caller clamps them to the user's effective level afterwards.
 */
export function grantRules(tool: Tool, mcpTrust: McpTrustLookup): RuleList {
  const rules = new RuleList();
  const grant = (key: string, level: Level): void => {
    rules.set(key, isCapabilityKey(key) ? 'allow' : level);
  };
  for (const key of coveredPatterns(tool)) grant(key, mcpTrust(key) ?? 'ask');
  for (const pattern of tool.allowPatterns ?? []) grant(permissionKey(pattern), 'allow');
  for (const pattern of tool.askPatterns ?? []) grant(permissionKey(pattern), 'ask');
  return rules;
}

/**
 * The permission names a tool entry covers: its `patterns`, or, for an entry that names
 * only its MCP server (`namespace`, as upstream writes it), every tool of that server.
 */
function coveredPatterns(tool: Tool): string[] {
  const patterns = (tool.patterns ?? []).map(permissionKey);
  if (patterns.length > 0 || (tool.allowPatterns?.length ?? 0) > 0 || (tool.askPatterns?.length ?? 0) > 0) return patterns;
  return tool.namespace === undefined ? [] : [`${namespacePrefix(tool.namespace)}*`];
}

/** A tool entry's namespace as OpenCode's tool-name prefix: "charts" and "charts_" both give "charts_". */
export function namespacePrefix(namespace: string): string {
  return mcpToolPrefix(namespace.endsWith('_') ? namespace.slice(0, -1) : namespace);
}
