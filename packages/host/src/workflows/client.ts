// A real MCP client to the bundled workflows server, started the way the runtime starts it (same
// command, same OPEN_COWORK_WORKFLOWS_DIR), so the Workflows page and the agents share one store
// and one set of rules (names, parameters, the run log) without the host importing an MCP
// server's code. One connection is kept while the endpoint stays the same; it is closed when the
// endpoint changes, when a call fails on the transport, and when the host stops.
import { CodedError, HostErrorCode } from '@open-cowork/contracts';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Logger } from '../log/index.js';
import type { McpEndpoint } from '../mcps/tester.js';

const DEFAULT_TIMEOUT_MS = 20_000;
const STDERR_TAIL = 600;

/** A tool answered with isError: the server refused the call, and says why for people. */
export class WorkflowToolError extends Error {
  override readonly name = 'WorkflowToolError';
}

export interface WorkflowsClientOptions {
  /** The workflows server as a boot would start it now; undefined when this build has none. */
  readonly endpoint: () => Promise<McpEndpoint | undefined>;
  readonly logger: Logger;
  /** How long one call may take, connecting included (default 20 s). */
  readonly timeoutMs?: number;
}

interface Connection {
  readonly key: string;
  readonly client: Client;
  readonly transport: StdioClientTransport;
  readonly stderr: string[];
}

export class WorkflowsClient {
  readonly #options: WorkflowsClientOptions;
  #connection: Promise<Connection> | undefined;
  #closed = false;

  constructor(options: WorkflowsClientOptions) {
    this.#options = options;
  }

  /** Calls one tool; resolves to its structured result, rejects with WorkflowToolError or WORKFLOWS_UNAVAILABLE. */
  async call(tool: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (this.#closed) throw new CodedError(HostErrorCode.WorkflowsUnavailable, 'The host is stopping.');
    const endpoint = await this.#options.endpoint();
    if (endpoint === undefined || endpoint.type !== 'local') {
      throw new CodedError(HostErrorCode.WorkflowsUnavailable, 'This build has no workflows server (the bundled "workflows" MCP is not in its config, or is switched off).');
    }
    const timeoutMs = this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    let connection: Connection | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
      });
      const result = await Promise.race([
        (async () => {
          connection = await this.#connect(endpoint);
          return connection.client.callTool({ name: tool, arguments: args });
        })(),
        timeout,
      ]);
      if (result.isError === true) {
        const text = (result.content as { type: string; text?: string }[]).map((part) => part.text ?? '').join('\n');
        throw new WorkflowToolError(text.replace(/^Error:\s*/, '').trim() || `The workflows server refused ${tool}.`);
      }
      const data = result.structuredContent;
      if (data === undefined || typeof data !== 'object' || data === null) throw new Error(`${tool} returned no structured result`);
      return data as Record<string, unknown>;
    } catch (error) {
      if (error instanceof WorkflowToolError) throw error;
      const stderr = connection?.stderr.join('').trim() ?? '';
      await this.#drop();
      const message = `The workflows server did not answer: ${(error as Error).message}.${stderr === '' ? '' : ` Its error output ends: ${stderr.slice(-STDERR_TAIL)}`}`;
      this.#options.logger.for('host').warn('workflows server call failed', { tool, error: (error as Error).message });
      throw new CodedError(HostErrorCode.WorkflowsUnavailable, message);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the connection (idempotent); later calls are refused. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#drop();
  }

  async #connect(endpoint: Extract<McpEndpoint, { type: 'local' }>): Promise<Connection> {
    const key = JSON.stringify(endpoint);
    const current = await this.#connection?.catch(() => undefined);
    if (current !== undefined && current.key === key) return current;
    if (current !== undefined) await this.#drop();
    const opening = (async (): Promise<Connection> => {
      const [command, ...args] = endpoint.command;
      if (command === undefined) throw new Error('the server has no command');
      const stderr: string[] = [];
      const transport = new StdioClientTransport({ command, args, env: { ...endpoint.environment }, stderr: 'pipe', ...(endpoint.cwd === undefined ? {} : { cwd: endpoint.cwd }) });
      transport.stderr?.on('data', (chunk: Buffer) => {
        stderr.push(chunk.toString('utf8'));
        while (stderr.length > 1 && stderr.join('').length > STDERR_TAIL * 4) stderr.shift();
      });
      const client = new Client({ name: 'open-cowork-workflows-page', version: '1.0.0' });
      // A server that exits later (killed, crashed) is started again by the next call.
      client.onclose = () => {
        if (this.#connection === opening) this.#connection = undefined;
      };
      try {
        await client.connect(transport);
      } catch (error) {
        await transport.close().catch(() => undefined);
        throw error;
      }
      return { key, client, transport, stderr };
    })();
    this.#connection = opening;
    return opening;
  }

  async #drop(): Promise<void> {
    const pending = this.#connection;
    this.#connection = undefined;
    const connection = await pending?.catch(() => undefined);
    if (connection === undefined) return;
    await connection.client.close().catch(() => undefined);
    await connection.transport.close().catch(() => undefined);
  }
}
