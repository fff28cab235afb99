// The loopback bridge the bundled agents MCP calls into the host through (see
// mcps/agents/README.md for the protocol). One per host, on 127.0.0.1 with a random bearer
// token that only the agents server's process receives. It previews and saves custom agents
// with the same schema and checks as agents.save; built-in and configured agents stay read-only.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CodedError, defSchemaOf, HostErrorCode, type Agent, type CustomAgent } from '@open-cowork/contracts';
import Ajv2020 from 'ajv/dist/2020.js';
import type { Logger } from '../log/index.js';
import { createTokenVerifier, generateToken } from '../transport/auth.js';
import { toErrorResponse } from '../transport/errors.js';
import { sendError, sendJson } from '../transport/respond.js';

export interface AgentBridgeDeps {
  readonly list: () => Promise<readonly Agent[]>;
  /** What saving would show, after the same checks as saving (throws CodedError). */
  readonly preview: (agent: CustomAgent) => Promise<{ agent: Agent; warnings: readonly string[] }>;
  /** agents.save. */
  readonly save: (agent: CustomAgent) => Promise<Agent>;
  readonly logger: Logger;
}

const MAX_BODY_BYTES = 512 * 1024;

type Validate = ((data: unknown) => boolean) & { errors?: readonly { instancePath: string; message?: string }[] | null };

export class AgentBridge {
  readonly token = generateToken();
  readonly #verify = createTokenVerifier(this.token);
  readonly #deps: AgentBridgeDeps;
  readonly #validate: Validate;
  #server: Server | undefined;
  #url: string | undefined;

  constructor(deps: AgentBridgeDeps) {
    this.#deps = deps;
    this.#validate = new Ajv2020.default({ strict: true, allErrors: true }).compile(defSchemaOf('CustomAgent')) as Validate;
  }

  /** e.g. http://127.0.0.1:41234 (undefined until started). */
  get url(): string | undefined {
    return this.#url;
  }

  async start(): Promise<void> {
    if (this.#server !== undefined) return;
    const server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        this.#deps.logger.for('host').error('agent bridge request failed', { error: (error as Error).message });
        const { status, envelope } = toErrorResponse(error);
        sendError(res, status, envelope);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.#server = server;
    this.#url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    this.#url = undefined;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const header = req.headers.authorization;
    const presented = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
    if (!this.#verify(presented)) return sendError(res, 401, { code: HostErrorCode.Unauthorized, message: 'A valid bearer token is required.' });
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (req.method === 'GET' && path === '/agents') return sendJson(res, 200, { agents: await this.#deps.list() });
      if (req.method === 'POST' && (path === '/agents/preview' || path === '/agents/save')) {
        const agent = this.#agentIn(await readJson(req));
        if (path === '/agents/preview') return sendJson(res, 200, await this.#deps.preview(agent));
        return sendJson(res, 200, { agent: await this.#deps.save(agent) });
      }
      return sendError(res, 404, { code: HostErrorCode.NotFound, message: `No ${req.method ?? ''} ${path} on the agent bridge.` });
    } catch (error) {
      const { status, envelope } = toErrorResponse(error);
      return sendError(res, status, envelope);
    }
  }

  /** The body's `agent`, held to the contract's CustomAgent schema (as agents.save's params are). */
  #agentIn(body: unknown): CustomAgent {
    const agent = typeof body === 'object' && body !== null ? (body as { agent?: unknown }).agent : undefined;
    if (!this.#validate(agent)) {
      const issues = (this.#validate.errors ?? []).map((error) => ({ pointer: `/agent${error.instancePath}`, message: error.message ?? 'is not valid' }));
      const first = issues[0];
      throw new CodedError(HostErrorCode.ValidationFailed, `The agent is not valid${first ? `: ${first.pointer} ${first.message}` : ''}.`, {
        issues: issues.length > 0 ? issues : [{ pointer: '/agent', message: 'An agent definition is required.' }],
      });
    }
    return agent as CustomAgent;
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new CodedError(HostErrorCode.BadRequest, 'The request body is too large.', { pointer: '', issues: [] });
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new CodedError(HostErrorCode.BadRequest, 'The request body is not JSON.', { pointer: '', issues: [] });
  }
}
