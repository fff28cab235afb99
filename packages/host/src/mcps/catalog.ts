// Every MCP server the app knows — the config's bundled ones and the user's custom ones —
// as the runtime needs them (values opened) and as the UI shows them (values never). Custom
// servers join the config through the runtime's own `withCustomMcps`, so the tool catalog,
// agent checks and Tools & Skills all see one list.
import type { McpServer, OpenCoworkConfig } from '@open-cowork/config';
import type { McpCredentialFieldView, McpInfo, McpState } from '@open-cowork/contracts';
import { withCustomMcps, type McpServerStatus } from '@open-cowork/runtime';
import type { CredentialsView, CredentialView } from '../settings/credentials.js';
import type { CustomMcpRecord, CustomMcpStore, OpenedCustomMcp } from './store.js';

export interface McpCatalogDeps {
  readonly config: OpenCoworkConfig;
  readonly custom: Pick<CustomMcpStore, 'list' | 'openAll'>;
}

export class McpCatalog {
  readonly #config: OpenCoworkConfig;
  readonly #custom: McpCatalogDeps['custom'];

  constructor(deps: McpCatalogDeps) {
    this.#config = deps.config;
    this.#custom = deps.custom;
  }

  /** The config with the custom servers (without their values) and their catalog entries joined in. */
  async effectiveConfig(): Promise<OpenCoworkConfig> {
    return withCustomMcps(this.#config, (await this.#custom.list()).map(serverShape));
  }

  /** The custom servers with their values, for the runtime's config. */
  async runtimeServers(): Promise<McpServer[]> {
    return (await this.#custom.openAll()).map(openedServer);
  }

  /** Names of custom servers scoped to a workspace other than `workspaceId` (their tools are switched off in its sessions). */
  async outOfScope(workspaceId: string): Promise<string[]> {
    return (await this.#custom.list()).filter((entry) => entry.view.scope === 'workspace' && entry.view.workspaceId !== workspaceId).map((entry) => entry.name);
  }

  /** Whether a name is free for a new custom server: not a configured server, tool catalog id or existing custom server. */
  async nameTaken(name: string): Promise<'config' | 'custom' | undefined> {
    if ((this.#config.mcps ?? []).some((server) => server.name === name) || (this.#config.tools ?? []).some((tool) => tool.id === name)) return 'config';
    return (await this.#custom.list()).some((entry) => entry.name === name) ? 'custom' : undefined;
  }
}

/** How a custom server stands in the config when its values are not needed (views, checks). */
function serverShape(entry: CustomMcpRecord): McpServer {
  const { view } = entry;
  return {
    name: entry.name,
    type: view.type,
    ...(entry.description === undefined ? {} : { description: entry.description }),
    ...(view.command === undefined || view.command.length === 0 ? {} : { command: view.command as [string, ...string[]] }),
    ...(view.url === undefined ? {} : { url: view.url }),
    ...(view.googleAuth ? { googleAuth: true } : {}),
    ...(view.allowPrivateNetwork ? { allowPrivateNetwork: true } : {}),
    permissionMode: entry.permissionMode,
  };
}

function openedServer(server: OpenedCustomMcp): McpServer {
  return {
    name: server.name,
    type: server.type,
    ...(server.description === undefined ? {} : { description: server.description }),
    ...(server.command === undefined || server.command.length === 0 ? {} : { command: server.command as [string, ...string[]] }),
    ...(Object.keys(server.environment).length === 0 ? {} : { environment: { ...server.environment } }),
    ...(server.url === undefined ? {} : { url: server.url }),
    ...(Object.keys(server.headers).length === 0 ? {} : { headers: { ...server.headers } }),
    ...(server.googleAuth ? { googleAuth: true } : {}),
    ...(server.allowPrivateNetwork ? { allowPrivateNetwork: true } : {}),
    permissionMode: server.permissionMode,
  };
}

/** The credential fields of a bundled server, with what is stored (secret values never). */
export function credentialFields(server: McpServer, stored: CredentialsView['mcps'][string] | undefined): McpCredentialFieldView[] {
  return (server.credentials ?? []).map((field) => {
    const current: CredentialView | undefined = stored?.[field.key];
    const secret = field.secret === true;
    return {
      key: field.key,
      label: field.label,
      ...(field.description === undefined ? {} : { description: field.description }),
      type: field.type ?? 'text',
      ...(field.options === undefined ? {} : { options: field.options.map((option) => ({ ...option })) }),
      ...(field.when === undefined ? {} : { when: { key: field.when.key, op: field.when.op ?? 'eq', value: field.when.value } }),
      secret,
      required: field.required === true,
      ...(field.placeholder === undefined ? {} : { placeholder: field.placeholder }),
      isSet: current !== undefined,
      ...(!secret && current !== undefined && !current.secret && current.value !== null ? { value: current.value } : {}),
    };
  });
}

/** False while a required field that is shown (its `when` holds) has no value. */
export function credentialsComplete(fields: readonly McpCredentialFieldView[]): boolean {
  const valueOf = (key: string) => fields.find((field) => field.key === key)?.value;
  return fields.every((field) => {
    if (!field.required || field.isSet) return true;
    if (field.when === undefined) return false;
    const other = valueOf(field.when.key);
    const shown = field.when.op === 'eq' ? other === field.when.value : other !== field.when.value;
    return !shown;
  });
}

/** One server's card: live status, who uses it, its trust, its credential fields, how it was added. */
export function mcpInfo(input: {
  readonly server: McpServer;
  readonly custom: CustomMcpRecord | undefined;
  readonly status: { status: McpState; error?: string };
  readonly usedBy: readonly string[];
  readonly stored: CredentialsView['mcps'][string] | undefined;
}): McpInfo {
  const { server, custom } = input;
  const credentials = custom === undefined ? credentialFields(server, input.stored) : [];
  return {
    name: server.name,
    type: server.type,
    ...(server.description === undefined ? {} : { description: server.description }),
    status: input.status.status,
    ...(input.status.error === undefined ? {} : { error: input.status.error }),
    usedBy: [...input.usedBy],
    source: custom === undefined ? 'bundled' : 'custom',
    authMode: server.authMode ?? 'none',
    permissionMode: custom?.permissionMode ?? server.permissionMode ?? 'ask',
    ...(credentials.length > 0 ? { credentials } : {}),
    ...(server.credentialHelp === undefined ? {} : { credentialHelp: server.credentialHelp }),
    configured: credentialsComplete(credentials),
    ...(custom === undefined ? {} : { custom: custom.view }),
  };
}

/** A server's live state: disabled by config, unknown while the runtime cannot say, else what the runtime reports. */
export function liveState(server: McpServer, statuses: ReadonlyMap<string, McpServerStatus> | undefined): { status: McpState; error?: string } {
  if (server.enabled === false) return { status: 'disabled' };
  if (statuses === undefined) return { status: 'unknown' };
  const live = statuses.get(server.name);
  if (live === undefined) {
    // The config builder left it out (e.g. its bundled package is not installed); the host log says why.
    return { status: 'failed', error: 'The runtime was not given this server; see the host log for the reason.' };
  }
  return live.error === undefined ? { status: live.status } : { status: live.status, error: live.error };
}
