// The user's own MCP servers in `<data>/mcp.open-cowork.json` (0600, written atomically):
// the sidecar metadata the app keeps beside OpenCode's config. Environment and header
// values are sealed through the SecretCipher before they are written, whatever they hold;
// reads give their names only, and `open` gives the plaintext to the runtime and the tester.
import { CodedError, HostErrorCode, withHostDefs, type CustomMcp, type McpPermissionMode, type McpScope } from '@open-cowork/contracts';
import { systemClock, type Clock } from '../ports/clock.js';
import type { SecretCipher } from '../ports/secret-cipher.js';
import type { SealedValue } from '../settings/credentials.js';
import { badField } from '../state/fields.js';
import { PrivateJsonFile } from '../state/private-file.js';
import { schemaCheck } from '../state/schema-check.js';

const FILE_VERSION = 1;

/** One server as stored: values sealed. */
interface StoredMcp {
  readonly name: string;
  readonly description?: string;
  readonly type: 'local' | 'remote';
  readonly command?: readonly string[];
  readonly environment?: Readonly<Record<string, SealedValue>>;
  readonly url?: string;
  readonly headers?: Readonly<Record<string, SealedValue>>;
  readonly scope: McpScope;
  readonly workspaceId?: string;
  readonly googleAuth?: boolean;
  readonly allowPrivateNetwork?: boolean;
  readonly traceLabel?: string;
  readonly permissionMode: McpPermissionMode;
  readonly createdAt: string;
  readonly updatedAt: string;
}

interface McpFile {
  readonly version: typeof FILE_VERSION;
  readonly servers: readonly StoredMcp[];
}

/** A custom server with its values opened: what the runtime and the tester need. Keep it in memory only. */
export interface OpenedCustomMcp {
  readonly name: string;
  readonly description?: string;
  readonly type: 'local' | 'remote';
  readonly command?: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  readonly url?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly scope: McpScope;
  readonly workspaceId?: string;
  readonly googleAuth: boolean;
  readonly allowPrivateNetwork: boolean;
  readonly traceLabel?: string;
  readonly permissionMode: McpPermissionMode;
}

/** A custom server as the contract shows it (no values), with its name and mode. */
export interface CustomMcpRecord {
  readonly name: string;
  readonly description?: string;
  readonly permissionMode: McpPermissionMode;
  readonly view: CustomMcp;
}

/**
 * What to store. Environment and header values: a string sets the value, null keeps the one
 * stored under that name (an error if there is none); names left out are dropped.
 */
export interface CustomMcpWrite {
  readonly name: string;
  readonly description?: string;
  readonly type: 'local' | 'remote';
  readonly command?: readonly string[];
  readonly environment?: Readonly<Record<string, string | null>>;
  readonly url?: string;
  readonly headers?: Readonly<Record<string, string | null>>;
  readonly scope: McpScope;
  readonly workspaceId?: string;
  readonly googleAuth?: boolean;
  readonly allowPrivateNetwork?: boolean;
  readonly traceLabel?: string;
}

export interface CustomMcpStoreOptions {
  /** `<data>/mcp.open-cowork.json`. */
  readonly file: string;
  readonly cipher: SecretCipher;
  readonly clock?: Clock;
  /** Hears about a damaged file, an entry left out or a value that cannot be opened. */
  readonly report?: (message: string) => void;
}

export class CustomMcpStore {
  readonly #file: PrivateJsonFile<McpFile>;
  readonly #cipher: SecretCipher;
  readonly #clock: Clock;
  readonly #report: (message: string) => void;

  constructor(options: CustomMcpStoreOptions) {
    this.#cipher = options.cipher;
    this.#clock = options.clock ?? systemClock;
    this.#report = options.report ?? ((message) => process.emitWarning(message, { code: 'OPEN_COWORK_MCP_FILE' }));
    this.#file = new PrivateJsonFile({
      file: options.file,
      parse: (raw) => this.#parse(raw, options.file),
      clock: this.#clock,
      recover: ({ file, movedTo, reason }) =>
        this.#report(`Custom MCP file ${file} is damaged (${reason}); kept it as ${movedTo} and started with no custom MCP servers.`),
    });
  }

  /** Every custom server, in the order added; values left out. */
  async list(): Promise<CustomMcpRecord[]> {
    return (await this.#servers()).map(recordOf);
  }

  async get(name: string): Promise<CustomMcpRecord | undefined> {
    const found = (await this.#servers()).find((server) => server.name === name);
    return found === undefined ? undefined : recordOf(found);
  }

  /**
   * Every custom server with its values opened. A value that cannot be opened (another
   * machine's key, an altered file) is left out and reported, so one lost key does not
   * stop the others.
   */
  async openAll(): Promise<OpenedCustomMcp[]> {
    return Promise.all((await this.#servers()).map((server) => this.#open(server)));
  }

  async open(name: string): Promise<OpenedCustomMcp | undefined> {
    const found = (await this.#servers()).find((server) => server.name === name);
    return found === undefined ? undefined : this.#open(found);
  }

  /** Adds (`mode: "add"`, CONFLICT when the name is taken) or replaces (`"replace"`, NOT_FOUND when absent) a server. */
  async put(write: CustomMcpWrite, mode: 'add' | 'replace'): Promise<CustomMcpRecord> {
    const now = new Date(this.#clock.now()).toISOString();
    let saved: StoredMcp | undefined;
    await this.#file.update(async (current) => {
      const servers = [...(current?.servers ?? [])];
      const at = servers.findIndex((server) => server.name === write.name);
      const previous = at === -1 ? undefined : servers[at];
      if (mode === 'add' && previous !== undefined) {
        throw new CodedError(HostErrorCode.Conflict, `A custom MCP server named "${write.name}" already exists.`, { pointer: '/mcp/name' });
      }
      if (mode === 'replace' && previous === undefined) throw notFound(write.name);
      saved = {
        name: write.name,
        ...(write.description ? { description: write.description } : {}),
        type: write.type,
        ...(write.type === 'local' ? { command: [...(write.command ?? [])] } : {}),
        ...(write.type === 'local' ? { environment: await this.#seal(write.environment, previous?.environment, 'environment') } : {}),
        ...(write.type === 'remote' && write.url !== undefined ? { url: write.url } : {}),
        ...(write.type === 'remote' ? { headers: await this.#seal(write.headers, previous?.headers, 'headers') } : {}),
        scope: write.scope,
        ...(write.scope === 'workspace' && write.workspaceId !== undefined ? { workspaceId: write.workspaceId } : {}),
        ...(write.googleAuth ? { googleAuth: true } : {}),
        ...(write.allowPrivateNetwork ? { allowPrivateNetwork: true } : {}),
        ...(write.traceLabel ? { traceLabel: write.traceLabel } : {}),
        permissionMode: previous?.permissionMode ?? 'ask',
        createdAt: previous?.createdAt ?? now,
        updatedAt: now,
      };
      if (at === -1) servers.push(saved);
      else servers[at] = saved;
      return { version: FILE_VERSION, servers };
    });
    return recordOf(saved!);
  }

  async setPermissionMode(name: string, permissionMode: McpPermissionMode): Promise<CustomMcpRecord> {
    let saved: StoredMcp | undefined;
    await this.#file.update((current) => {
      const servers = [...(current?.servers ?? [])];
      const at = servers.findIndex((server) => server.name === name);
      if (at === -1) throw notFound(name);
      if (servers[at]!.permissionMode === permissionMode) {
        saved = servers[at];
        return undefined;
      }
      saved = { ...servers[at]!, permissionMode, updatedAt: new Date(this.#clock.now()).toISOString() };
      servers[at] = saved;
      return { version: FILE_VERSION, servers };
    });
    return recordOf(saved!);
  }

  /** Removes the server and its values; false when there was none of that name. */
  async remove(name: string): Promise<boolean> {
    const written = await this.#file.update((current) => {
      const servers = current?.servers ?? [];
      if (!servers.some((server) => server.name === name)) return undefined;
      return { version: FILE_VERSION, servers: servers.filter((server) => server.name !== name) };
    });
    return written !== undefined;
  }

  async #servers(): Promise<readonly StoredMcp[]> {
    return (await this.#file.read())?.servers ?? [];
  }

  async #seal(
    values: Readonly<Record<string, string | null>> | undefined,
    previous: Readonly<Record<string, SealedValue>> | undefined,
    field: 'environment' | 'headers',
  ): Promise<Record<string, SealedValue>> {
    const sealed: Record<string, SealedValue> = {};
    for (const [key, value] of Object.entries(values ?? {})) {
      if (value === null) {
        const kept = previous?.[key];
        if (kept === undefined) throw badField(`mcp.${field}.${key}`, 'has no stored value to keep; give a value');
        sealed[key] = kept;
      } else {
        sealed[key] = { cipher: this.#cipher.kind, sealed: await this.#cipher.encrypt(value) };
      }
    }
    return sealed;
  }

  async #open(server: StoredMcp): Promise<OpenedCustomMcp> {
    const openTable = async (table: Readonly<Record<string, SealedValue>> | undefined, what: string) => {
      const plain: Record<string, string> = {};
      for (const [key, stored] of Object.entries(table ?? {})) {
        try {
          if (stored.cipher !== this.#cipher.kind) throw new Error(`it was sealed by "${stored.cipher}" storage, this host uses "${this.#cipher.kind}"`);
          plain[key] = await this.#cipher.decrypt(stored.sealed);
        } catch (error) {
          this.#report(`The ${what} "${key}" of custom MCP "${server.name}" cannot be read and is left out; set it again. ${(error as Error).message}`);
        }
      }
      return plain;
    };
    return {
      name: server.name,
      ...(server.description === undefined ? {} : { description: server.description }),
      type: server.type,
      ...(server.command === undefined ? {} : { command: server.command }),
      environment: await openTable(server.environment, 'environment variable'),
      ...(server.url === undefined ? {} : { url: server.url }),
      headers: await openTable(server.headers, 'header'),
      scope: server.scope,
      ...(server.workspaceId === undefined ? {} : { workspaceId: server.workspaceId }),
      googleAuth: server.googleAuth === true,
      allowPrivateNetwork: server.allowPrivateNetwork === true,
      ...(server.traceLabel === undefined ? {} : { traceLabel: server.traceLabel }),
      permissionMode: server.permissionMode,
    };
  }

  /** The envelope must be ours; a malformed entry is reported and left out, the rest still load. */
  #parse(raw: unknown, file: string): McpFile {
    const envelope = checkEnvelope(raw);
    const servers: StoredMcp[] = [];
    (envelope.servers ?? []).forEach((entry, index) => {
      try {
        const server = checkEntry(entry);
        if (servers.some((other) => other.name === server.name)) throw new Error(`"${server.name}" appears twice; the first is kept`);
        servers.push(server);
      } catch (error) {
        this.#report(`Custom MCP entry servers[${index}] in ${file} is left out: ${(error as Error).message}.`);
      }
    });
    return { version: FILE_VERSION, servers };
  }
}

function recordOf(server: StoredMcp): CustomMcpRecord {
  const view: CustomMcp = {
    type: server.type,
    ...(server.command === undefined ? {} : { command: [...server.command] }),
    ...(server.type === 'local' ? { environmentKeys: Object.keys(server.environment ?? {}) } : {}),
    ...(server.url === undefined ? {} : { url: server.url }),
    ...(server.type === 'remote' ? { headerNames: Object.keys(server.headers ?? {}) } : {}),
    scope: server.scope,
    ...(server.workspaceId === undefined ? {} : { workspaceId: server.workspaceId }),
    ...(server.googleAuth ? { googleAuth: true } : {}),
    ...(server.allowPrivateNetwork ? { allowPrivateNetwork: true } : {}),
    ...(server.traceLabel === undefined ? {} : { traceLabel: server.traceLabel }),
    createdAt: server.createdAt,
    updatedAt: server.updatedAt,
  };
  return {
    name: server.name,
    ...(server.description === undefined ? {} : { description: server.description }),
    permissionMode: server.permissionMode,
    view,
  };
}

function notFound(name: string): CodedError {
  return new CodedError(HostErrorCode.NotFound, `There is no custom MCP server named "${name}".`, { kind: 'mcp', id: name });
}

const SEALED_TABLE = {
  type: 'object',
  additionalProperties: { type: 'object', properties: { cipher: { type: 'string' }, sealed: { type: 'string' } }, required: ['cipher', 'sealed'] },
} as const;

/** One stored server: the contract's names, scope and mode, values sealed. Unknown fields (a newer version's) are kept out of the way, not refused. */
const checkEntry = schemaCheck<StoredMcp>(
  withHostDefs({
    type: 'object',
    properties: {
      name: { $ref: '#/$defs/McpName' },
      description: { type: 'string' },
      type: { enum: ['local', 'remote'] },
      command: { type: 'array', items: { type: 'string' } },
      environment: SEALED_TABLE,
      url: { type: 'string' },
      headers: SEALED_TABLE,
      scope: { $ref: '#/$defs/McpScope' },
      workspaceId: { type: 'string' },
      googleAuth: { type: 'boolean' },
      allowPrivateNetwork: { type: 'boolean' },
      traceLabel: { type: 'string' },
      permissionMode: { $ref: '#/$defs/McpPermissionMode' },
      createdAt: { type: 'string' },
      updatedAt: { type: 'string' },
    },
    required: ['name', 'type', 'scope', 'permissionMode', 'createdAt', 'updatedAt'],
  }),
);

const checkEnvelope = schemaCheck<{ version: typeof FILE_VERSION; servers?: unknown[] }>({
  type: 'object',
  properties: { version: { const: FILE_VERSION }, servers: { type: 'array' } },
  required: ['version'],
});
