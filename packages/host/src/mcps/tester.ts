// Tests one MCP server the way the runtime would reach it: a real MCP client connects, lists
// the tools, and disconnects. Local servers are started with their own environment and
// nothing of the host's beyond the MCP SDK's short default list (PATH, HOME, …); remote ones
// are reached through the fetch the caller gives (the network guard). Failures are sorted
// into the kinds the UI explains (McpTestFailure) and never echo a credential.
import type { McpTestFailure, McpTestResult } from '@open-cowork/contracts';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { redactText } from '@open-cowork/runtime';
import { NetworkGuardError, NetworkRefusal } from '../network/index.js';

/** A server as OpenCode's config describes it (command line + environment, or URL + headers). */
export type McpEndpoint =
  | { readonly type: 'local'; readonly command: readonly string[]; readonly environment?: Readonly<Record<string, string>>; readonly cwd?: string }
  | { readonly type: 'remote'; readonly url: string; readonly headers?: Readonly<Record<string, string>> };

export interface McpTestOptions {
  /** Remote servers: the fetch every request goes through (the network guard). */
  readonly fetch?: typeof fetch;
  /** Give up after this long (default 15 s). */
  readonly timeoutMs?: number;
  /** Values that must not appear in a failure message (the server's credentials). */
  readonly secrets?: readonly string[];
  /** Added to a failure's result (the server's credentialHelp). */
  readonly help?: string;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const STDERR_TAIL = 600;

/** A failure the tester already knows the kind of. */
export class McpTestError extends Error {
  constructor(
    readonly failure: McpTestFailure,
    message: string,
  ) {
    super(message);
  }
}

export async function testMcpEndpoint(endpoint: McpEndpoint, options: McpTestOptions = {}): Promise<McpTestResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const secrets = [...(options.secrets ?? []), ...endpointSecrets(endpoint)];
  const stderr: string[] = [];
  const client = new Client({ name: 'open-cowork-mcp-test', version: '1.0.0' });
  let transport: Transport | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    transport = transportFor(endpoint, options, stderr);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new McpTestError('timeout', `No answer within ${Math.round(timeoutMs / 1000)} s.`)), timeoutMs);
    });
    const tools = await Promise.race([
      (async () => {
        await client.connect(transport!);
        return (await client.listTools()).tools.map((tool) => tool.name);
      })(),
      timeout,
    ]);
    return { ok: true, tools, durationMs: elapsed() };
  } catch (error) {
    const { failure, message } = classify(error, endpoint, stderr.join(''));
    return {
      ok: false,
      tools: [],
      failure,
      message: redactText(message, secrets),
      ...(options.help === undefined ? {} : { help: options.help }),
      durationMs: elapsed(),
    };
  } finally {
    clearTimeout(timer);
    await client.close().catch(() => undefined);
    await transport?.close().catch(() => undefined);
  }
}

function transportFor(endpoint: McpEndpoint, options: McpTestOptions, stderr: string[]): Transport {
  if (endpoint.type === 'local') {
    const [command, ...args] = endpoint.command;
    if (command === undefined) throw new McpTestError('policy', 'The server has no command.');
    const transport = new StdioClientTransport({
      command,
      args,
      env: { ...endpoint.environment },
      stderr: 'pipe',
      ...(endpoint.cwd === undefined ? {} : { cwd: endpoint.cwd }),
    });
    transport.stderr?.on('data', (chunk: Buffer) => {
      stderr.push(chunk.toString('utf8'));
      while (stderr.join('').length > STDERR_TAIL * 4) stderr.shift();
    });
    return transport;
  }
  let url: URL;
  try {
    url = new URL(endpoint.url);
  } catch {
    throw new McpTestError('policy', `"${endpoint.url}" is not a URL.`);
  }
  return new StreamableHTTPClientTransport(url, {
    requestInit: { headers: { ...endpoint.headers } },
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
}

function classify(error: unknown, endpoint: McpEndpoint, stderr: string): { failure: McpTestFailure; message: string } {
  if (error instanceof McpTestError) return { failure: error.failure, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  const tail = stderr.trim() === '' ? '' : ` Its error output ends: ${stderr.trim().slice(-STDERR_TAIL)}`;

  if (endpoint.type === 'local') {
    if (code === 'ENOENT' || code === 'EACCES') return { failure: 'spawn', message: `Could not start "${endpoint.command[0]}": ${message}.` };
    if (/closed|exit|EPIPE/i.test(message)) return { failure: 'spawn', message: `The server exited before answering.${tail}` };
    return { failure: 'protocol', message: `The process started but did not answer as an MCP server: ${message}.${tail}` };
  }

  // The network guard's refusals (see ../network) say what they are.
  const refused = guardError(error);
  if (refused !== undefined) {
    if (refused.code === NetworkRefusal.Timeout) return { failure: 'timeout', message: refused.message };
    if (refused.code === NetworkRefusal.DnsFailure || refused.code === NetworkRefusal.Unreachable) return { failure: 'network', message: refused.message };
    return { failure: 'policy', message: refused.message };
  }
  const status = error instanceof StreamableHTTPError ? error.code : statusIn(message);
  if (status === 401) return { failure: 'unauthorized', message: 'The server rejected the credentials (401 Unauthorized).' };
  if (status === 403) return { failure: 'forbidden', message: 'The server refused access (403 Forbidden): the token lacks a scope, SSO authorisation or an organisation policy allows it.' };
  if (status !== undefined && status >= 400) return { failure: 'protocol', message: `The server answered HTTP ${status}: ${message}` };
  if (error instanceof TypeError || /fetch failed|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|socket|network/i.test(message + String(code ?? ''))) {
    const cause = (error as { cause?: { message?: string; code?: string } }).cause;
    return { failure: 'network', message: `Could not reach the server: ${cause?.code ?? cause?.message ?? message}.` };
  }
  return { failure: 'protocol', message: `The server did not answer as an MCP server: ${message}` };
}

function guardError(error: unknown): NetworkGuardError | undefined {
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 4; depth += 1) {
    if (current instanceof NetworkGuardError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function statusIn(message: string): number | undefined {
  const match = /\b(?:HTTP|status(?: code)?)\s*:?\s*(\d{3})\b/i.exec(message);
  return match === null ? undefined : Number(match[1]);
}

function endpointSecrets(endpoint: McpEndpoint): string[] {
  const values = endpoint.type === 'local' ? Object.values(endpoint.environment ?? {}) : Object.values(endpoint.headers ?? {});
  // A header such as "Bearer abc" is also redacted by its token alone.
  return values.flatMap((value) => [value, ...value.split(/\s+/).filter((part) => part.length >= 8)]).filter((value) => value !== '');
}
