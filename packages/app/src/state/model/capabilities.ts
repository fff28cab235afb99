// Capabilities: the tools, skills and MCP servers the runtime offers (Tools & Skills), custom
// MCP servers and bundled servers' credentials.

import type { CatalogTool, CustomMcpInput, McpInfo, McpsSetCredentialsResult, McpTarget, McpTestResult, SkillInfo } from '@open-cowork/contracts';
import type { LoadState } from './load-state.js';

export interface CapabilitiesState {
  readonly tools: readonly CatalogTool[];
  readonly skills: readonly SkillInfo[];
  readonly mcps: readonly McpInfo[];
  readonly load: LoadState;
}

export interface CapabilitiesData {
  readonly capabilities: CapabilitiesState;
}

export const CAPABILITIES_DATA: CapabilitiesData = { capabilities: { tools: [], skills: [], mcps: [], load: 'idle' } };

export interface CapabilitiesActions {
  loadCapabilities(): Promise<void>;
  /** Custom MCP servers and bundled servers' credentials (mcps.*); each updates the server's card. */
  addMcp(draft: CustomMcpInput): Promise<McpInfo>;
  updateMcp(draft: CustomMcpInput): Promise<McpInfo>;
  removeMcp(name: string): Promise<void>;
  trustMcp(name: string, trusted: boolean): Promise<McpInfo>;
  /** Connects to a saved server or a draft and lists its tools; never changes the runtime. */
  testMcp(target: McpTarget): Promise<McpTestResult>;
  saveMcpCredentials(name: string, values: Readonly<Record<string, string | null>>): Promise<McpsSetCredentialsResult>;
}
