// The diagnostics slice (model/diagnostics.ts): About & diagnostics and the support bundle.

import type { DiagnosticsActions, DiagnosticsData } from '../model/diagnostics.js';
import type { SliceContext } from '../slice.js';

export function diagnosticsSlice({ host, set }: SliceContext<DiagnosticsData>): DiagnosticsActions {
  return {
    async loadDiagnostics() {
      const diagnostics = await host['app.diagnostics']({});
      set({ diagnostics });
      return diagnostics;
    },

    async loadRunner() {
      const runner = await host['app.runner']({});
      set({ runner });
      return runner;
    },

    async exportDiagnostics() {
      return host['app.exportDiagnostics']({});
    },

    loadHealth: () => host['app.health']({}),
  };
}
