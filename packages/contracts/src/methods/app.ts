import type { MethodSpec } from '../contract.js';
import { noParams, ref } from '../schemas/build.js';

export const APP_METHODS = {
  'app.info': {
    description: 'Who the app is: name, version, contract version, public branding, strings and switched-on features. Never secrets.',
    params: noParams(),
    result: ref('AppInfo', 'The app.'),
    errors: [],
  },
  'app.diagnostics': {
    description: 'Versions, the runtime\'s status, the data folder (home shown as ~) and the last log lines of the host, its runtime and MCP servers, redacted, for About and bug reports.',
    params: noParams(),
    result: ref('Diagnostics', 'The diagnostics.'),
    errors: [],
  },
  'app.health': {
    description: 'Whether the app is ready to work: the runtime (state, version, sandbox, since when), and for each provider, MCP server, skill and agent whether it is ready and where it comes from (which config layer, added in the app, or OpenCode\'s own). For the Health page.',
    params: noParams(),
    result: ref('Health', 'The health.'),
    errors: [],
  },
  'app.runner': {
    description: 'Whether a runner (`open-cowork runner`) of this data dir is running, and which gateway and workspaces it serves, read from the record it keeps in the data dir (the one `open-cowork status` shows). Never its token.',
    params: noParams(),
    result: ref('RunnerInfo', 'The runner.'),
    errors: [],
  },
  'app.exportDiagnostics': {
    description:
      'Everything app.diagnostics shows plus the effective config (secrets masked), the settings, which credentials are set (never their values), providers and their catalogs, MCP servers by name and status, and telemetry state, as one JSON document of at most about 1 MB (the log is cut first). Secrets, tokens and the user\'s home folder are blanked out of every string. For "Export diagnostics".',
    params: noParams(),
    result: ref('DiagnosticsBundle', 'The bundle.'),
    errors: [],
  },
} as const satisfies Record<string, MethodSpec>;
