// The capabilities slice (model/capabilities.ts): Tools & Skills, custom MCP servers and
// bundled servers' credentials.

import type { McpInfo } from '@open-cowork/contracts';
import type { CapabilitiesActions, CapabilitiesData } from '../model/capabilities.js';
import type { SliceContext } from '../slice.js';

export function capabilitiesSlice({ host, set }: SliceContext<CapabilitiesData>): CapabilitiesActions {
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
