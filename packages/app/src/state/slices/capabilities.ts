// Capabilities: the tools, skills and MCP servers the runtime offers (Tools & Skills), custom
// MCP servers and bundled servers' credentials.

import type { CatalogTool, CustomMcpInput, McpInfo, McpsSetCredentialsResult, McpTarget, McpTestResult, SkillInfo } from '@open-cowork/contracts';
import type { LoadState, SliceContext } from '../slice.js';

export interface CapabilitiesState {
  readonly tools: readonly CatalogTool[];
  readonly skills: readonly SkillInfo[];
  readonly mcps: readonly McpInfo[];
  readonly load: LoadState;
}

export interface CapabilitiesData {
  readonly capabilities: CapabilitiesState;
}

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

export const CAPABILITIES_DATA: CapabilitiesData = { capabilities: { tools: [], skills: [], mcps: [], load: 'idle' } };

export function capabilitiesSlice({ host, set }: SliceContext): CapabilitiesActions {
  /** Puts a server's card in place (or at the end, for a new one) and returns it. */
  const keepMcp = (mcp: McpInfo): McpInfo => {
    set((s) => {
      const mcps = s.capabilities.mcps.some((entry) => entry.name === mcp.name)
        ? s.capabilities.mcps.map((entry) => (entry.name === mcp.name ? mcp : entry))
        : [...s.capabilities.mcps, mcp];
      return { capabilities: { ...s.capabilities, mcps } };
    });
    return mcp;
  };

  return {
    async loadCapabilities() {
      set((s) => ({ capabilities: { ...s.capabilities, load: 'loading' } }));
      try {
        const { tools, skills, mcps } = await host['capabilities.list']({});
        set({ capabilities: { tools, skills, mcps, load: 'ready' } });
      } catch (error) {
        set((s) => ({ capabilities: { ...s.capabilities, load: 'error' } }));
        throw error;
      }
    },

    async addMcp(draft) {
      return keepMcp(await host['mcps.add']({ mcp: draft }));
    },

    async updateMcp(draft) {
      return keepMcp(await host['mcps.update']({ mcp: draft }));
    },

    async removeMcp(name) {
      await host['mcps.remove']({ name });
      set((s) => ({ capabilities: { ...s.capabilities, mcps: s.capabilities.mcps.filter((mcp) => mcp.name !== name) } }));
    },

    async trustMcp(name, trusted) {
      return keepMcp(await host['mcps.setTrust']({ name, trusted }));
    },

    testMcp(target) {
      return host['mcps.test']({ target });
    },

    async saveMcpCredentials(name, values) {
      const result = await host['mcps.setCredentials']({ name, values: { ...values } });
      keepMcp(result.mcp);
      return result;
    },
  };
}
