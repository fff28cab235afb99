// mcps.*: the user's own MCP servers (add, update, trust, remove), connection tests, and
// the credentials of bundled servers. Every change is stored first, then the runtime is
// asked to reload (debounced), so the app never restarts for it.
import type { McpServer, OpenCoworkConfig } from '@open-cowork/config';
import { CodedError, HostErrorCode, type McpInfo, type McpTestResult } from '@open-cowork/contracts';
import type { HandlersFor } from '../dispatch/handlers.js';
import type { Logger } from '../log/index.js';
import { credentialFields, credentialsComplete, type McpCatalog } from './catalog.js';
import { checkCustomMcpDraft, type DraftContext } from './custom-input.js';
import { testMcpEndpoint, type McpEndpoint } from './tester.js';
import type { GuardedFetch } from '../network/index.js';
import type { CustomMcpStore } from './store.js';
import type { SettingsStore } from '../settings/store.js';
import type { WorkspaceRegistry } from '../workspaces/store.js';

export type McpMethod = 'mcps.add' | 'mcps.update' | 'mcps.remove' | 'mcps.setTrust' | 'mcps.test' | 'mcps.setCredentials';

export interface McpDeps {
  readonly config: OpenCoworkConfig;
  readonly catalog: Pick<McpCatalog, 'nameTaken'>;
  readonly store: Pick<CustomMcpStore, 'get' | 'put' | 'remove' | 'setPermissionMode'>;
  readonly workspaces: Pick<WorkspaceRegistry, 'list'>;
  readonly settings: Pick<SettingsStore, 'setCredential' | 'clearCredential' | 'credentials'>;
  /** One server as the runtime would start it now (credentials mapped in), by name; undefined when it would not. */
  readonly endpointOf: (name: string) => Promise<{ endpoint: McpEndpoint; allowPrivateNetwork: boolean } | undefined>;
  /** The network guard's fetch for remote servers. */
  readonly guardedFetch: (allowPrivateNetwork: boolean) => GuardedFetch;
  /** One server's card as capabilities.list shows it. */
  readonly info: (name: string) => Promise<McpInfo>;
  readonly requestRestart: (reason: string) => void;
  readonly logger: Logger;
  /** How long a connection test may take (default 15 s). */
  readonly testTimeoutMs?: number;
}

export function mcpHandlers(deps: McpDeps): HandlersFor<McpMethod> {
  const log = deps.logger.for('host');
  const workspaceExists = async (id: string) => (await deps.workspaces.list()).some((workspace) => workspace.id === id);
  const nameTaken = (name: string) => deps.catalog.nameTaken(name);
  const bundled = (name: string): McpServer | undefined => (deps.config.mcps ?? []).find((server) => server.name === name);

  async function customOrThrow(name: string) {
    const found = await deps.store.get(name);
    if (found !== undefined) return found;
    if (bundled(name) !== undefined) throw new CodedError(HostErrorCode.Conflict, `"${name}" ships with the app; only custom MCP servers can be changed or removed here.`);
    throw new CodedError(HostErrorCode.NotFound, `There is no MCP server named "${name}".`, { kind: 'mcp', id: name });
  }

  const test = async (endpoint: McpEndpoint, allowPrivateNetwork: boolean, help?: string): Promise<McpTestResult> =>
    testMcpEndpoint(endpoint, {
      fetch: deps.guardedFetch(allowPrivateNetwork) as typeof fetch,
      ...(deps.testTimeoutMs === undefined ? {} : { timeoutMs: deps.testTimeoutMs }),
      ...(help === undefined ? {} : { help }),
    });

  return {
    async 'mcps.add'({ mcp }) {
      const context: DraftContext = { mode: 'add', nameTaken, workspaceExists };
      const write = await checkCustomMcpDraft(mcp, context);
      await deps.store.put(write, 'add');
      log.info('custom MCP added', { name: mcp.name, type: mcp.type, scope: write.scope });
      deps.requestRestart(`custom MCP "${mcp.name}" added`);
      return deps.info(mcp.name);
    },

    async 'mcps.update'({ mcp }) {
      const current = await customOrThrow(mcp.name);
      const write = await checkCustomMcpDraft(mcp, {
        mode: 'update',
        nameTaken,
        workspaceExists,
        storedKeys: { environment: current.view.environmentKeys ?? [], headers: current.view.headerNames ?? [] },
      });
      await deps.store.put(write, 'replace');
      log.info('custom MCP updated', { name: mcp.name });
      deps.requestRestart(`custom MCP "${mcp.name}" updated`);
      return deps.info(mcp.name);
    },

    async 'mcps.remove'({ name }) {
      await customOrThrow(name);
      await deps.store.remove(name);
      log.info('custom MCP removed', { name });
      deps.requestRestart(`custom MCP "${name}" removed`);
      return { deleted: true };
    },

    async 'mcps.setTrust'({ name, trusted }) {
      const current = await customOrThrow(name);
      const mode = trusted ? 'allow' : 'ask';
      if (current.permissionMode !== mode) {
        await deps.store.setPermissionMode(name, mode);
        log.info('custom MCP trust changed', { name, permissionMode: mode });
        deps.requestRestart(`custom MCP "${name}" ${trusted ? 'trusted' : 'no longer trusted'}`);
      }
      return deps.info(name);
    },

    async 'mcps.test'({ target }) {
      if ('draft' in target) {
        const { draft } = target;
        const stored = await deps.store.get(draft.name);
        const write = await checkCustomMcpDraft(draft, {
          mode: 'test',
          nameTaken,
          workspaceExists,
          storedKeys: { environment: stored?.view.environmentKeys ?? [], headers: stored?.view.headerNames ?? [] },
        });
        // A draft may keep stored values (null): take those from the saved server.
        const saved = stored === undefined ? undefined : await deps.endpointOf(draft.name);
        const keep = (values: Readonly<Record<string, string | null>> | undefined, from: Readonly<Record<string, string>> | undefined) =>
          Object.fromEntries(Object.entries(values ?? {}).map(([key, value]) => [key, value ?? from?.[key] ?? '']));
        const endpoint: McpEndpoint =
          write.type === 'local'
            ? { type: 'local', command: write.command ?? [], environment: keep(write.environment, saved?.endpoint.type === 'local' ? saved.endpoint.environment : undefined) }
            : { type: 'remote', url: write.url!, headers: keep(write.headers, saved?.endpoint.type === 'remote' ? saved.endpoint.headers : undefined) };
        return test(endpoint, write.allowPrivateNetwork === true);
      }
      return testSaved(target.name);
    },

    async 'mcps.setCredentials'({ name, values }) {
      const server = bundled(name);
      if (server === undefined) {
        if ((await deps.store.get(name)) !== undefined) {
          throw new CodedError(HostErrorCode.ValidationFailed, `"${name}" is a custom server; its values are part of its definition (mcps.update).`, {
            issues: [{ pointer: '/name', message: 'Custom servers keep their values in their definition.' }],
          });
        }
        throw new CodedError(HostErrorCode.NotFound, `There is no MCP server named "${name}".`, { kind: 'mcp', id: name });
      }
      const declared = new Set((server.credentials ?? []).map((field) => field.key));
      const unknown = Object.keys(values).filter((key) => !declared.has(key));
      if (unknown.length > 0) {
        throw new CodedError(HostErrorCode.ValidationFailed, `"${name}" has no credential field ${unknown.map((key) => `"${key}"`).join(', ')}.`, {
          issues: unknown.map((key) => ({ pointer: `/values/${key}`, message: `"${name}" declares no field "${key}".` })),
        });
      }
      for (const [key, value] of Object.entries(values)) {
        if (value === null || value === '') await deps.settings.clearCredential('mcp', name, key);
        else await deps.settings.setCredential('mcp', name, key, value);
      }
      log.info('MCP credentials saved', { name, fields: Object.keys(values) });
      let preflight: McpTestResult | undefined;
      if (server.authMode === 'api_token') {
        preflight = await testSaved(name);
      }
      deps.requestRestart(`credentials of MCP "${name}" changed`);
      return { mcp: await deps.info(name), ...(preflight === undefined ? {} : { preflight }) };
    },
  };

  async function testSaved(name: string): Promise<McpTestResult> {
    const server = bundled(name);
    if (server === undefined && (await deps.store.get(name)) === undefined) {
      throw new CodedError(HostErrorCode.NotFound, `There is no MCP server named "${name}".`, { kind: 'mcp', id: name });
    }
    if (server !== undefined) {
      const missing = await missingCredentials(server);
      if (missing !== undefined) return missing;
    }
    const found = await deps.endpointOf(name);
    if (found === undefined) {
      return { ok: false, tools: [], failure: 'spawn', message: `The runtime would not start "${name}"; the host log says why.`, durationMs: 0 };
    }
    return test(found.endpoint, found.allowPrivateNetwork, server?.credentialHelp);
  }

  /** A failed result naming the required fields still empty, or undefined when none is. */
  async function missingCredentials(server: McpServer): Promise<McpTestResult | undefined> {
    const fields = credentialFields(server, (await deps.settings.credentials()).mcps[server.name]);
    if (credentialsComplete(fields)) return undefined;
    const missing = fields.filter((field) => field.required && !field.isSet).map((field) => field.label);
    return {
      ok: false,
      tools: [],
      failure: 'missing_credentials',
      message: `Fill in ${missing.join(', ')} first.`,
      ...(server.credentialHelp === undefined ? {} : { help: server.credentialHelp }),
      durationMs: 0,
    };
  }
}
