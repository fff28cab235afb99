// A Streamable HTTP MCP server on 127.0.0.1 for tests of remote MCPs: the real MCP SDK
// server in stateless mode, with one deterministic tool and a record of the requests it got,
// so a test can check what reached it (headers, and whether it was reached at all).
//   remote_fact { topic } → "REMOTE-FACT[<topic>]"
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

export interface HttpMcpServerOptions {
  /** When set, requests without `authorization: <value>` get 401; see also `forbidden`. */
  readonly requireAuthorization?: string;
  /** Answer every request 403 (a token the server knows but refuses). */
  readonly forbidden?: boolean;
  /** Path the server answers on (default "/mcp"). */
  readonly path?: string;
}

export interface HttpMcpServer {
  /** e.g. http://127.0.0.1:40123/mcp */
  readonly url: string;
  /** Headers of every request received, in order. */
  readonly requests: readonly IncomingHttpHeaders[];
  close(): Promise<void>;
}

export function remoteFactFor(topic: string): string {
  return `REMOTE-FACT[${topic}]`;
}

function mcpServer(): McpServer {
  const server = new McpServer({ name: 'remote-facts', version: '1.0.0' });
  server.registerTool(
    'remote_fact',
    { description: 'Returns REMOTE-FACT[<topic>].', inputSchema: { topic: z.string().min(1).describe('What to look up.') } },
    async ({ topic }) => ({ content: [{ type: 'text', text: remoteFactFor(topic) }] }),
  );
  return server;
}

export async function startHttpMcpServer(options: HttpMcpServerOptions = {}): Promise<HttpMcpServer> {
  const path = options.path ?? '/mcp';
  const requests: IncomingHttpHeaders[] = [];
  const http: Server = createServer((req, res) => {
    requests.push({ ...req.headers });
    const send = (status: number, message: string) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: message }));
    };
    if ((req.url ?? '').split('?')[0] !== path) return send(404, 'not found');
    if (options.forbidden) return send(403, 'forbidden');
    if (options.requireAuthorization !== undefined && req.headers.authorization !== options.requireAuthorization) return send(401, 'unauthorized');
    // Stateless: a fresh server and transport for each request.
    const server = mcpServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    server
      .connect(transport)
      .then(() => transport.handleRequest(req, res))
      .catch((error: unknown) => {
        if (!res.headersSent) send(500, (error as Error).message);
      });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
