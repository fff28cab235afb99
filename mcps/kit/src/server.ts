// The stdio MCP server every bundled server is: a name, a setup that reads and checks the
// environment, and a list of tools. Tool handlers throw; this file turns what they throw
// into MCP tool errors (`isError: true`) so one bad call never takes the server down.

import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CallToolResult, ContentBlock } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Env } from './env.js';
import { EnvError, ToolError, messageOf } from './errors.js';

export type ToolResult = CallToolResult;
export type Content = ContentBlock;

export interface ToolSpec<Shape extends z.ZodRawShape> {
  /** Without the server prefix: OpenCode shows `<server>_<name>`. */
  name: string;
  title: string;
  /** What the tool does and when to use it, written for the calling model. */
  description: string;
  /** The arguments; unknown keys are refused, so a misspelt option is an error, not ignored. */
  input: Shape;
  /** Hints for clients (MCP tool annotations). */
  readOnly?: boolean;
  destructive?: boolean;
  idempotent?: boolean;
  run(args: z.output<z.ZodObject<Shape>>): ToolResult | Promise<ToolResult>;
}

/** A tool with its types erased, ready to register. */
export interface Tool {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly schema: z.ZodObject;
  readonly annotations: { readOnlyHint?: boolean; destructiveHint?: boolean; idempotentHint?: boolean; openWorldHint: boolean };
  /** Runs the tool on arguments already checked against `schema`; never throws. */
  invoke(args: unknown, log?: (line: string) => void): Promise<ToolResult>;
}

export function defineTool<Shape extends z.ZodRawShape>(spec: ToolSpec<Shape>): Tool {
  const annotations: Tool['annotations'] = { openWorldHint: false };
  if (spec.readOnly !== undefined) annotations.readOnlyHint = spec.readOnly;
  if (spec.destructive !== undefined) annotations.destructiveHint = spec.destructive;
  if (spec.idempotent !== undefined) annotations.idempotentHint = spec.idempotent;
  return {
    name: spec.name,
    title: spec.title,
    description: spec.description,
    schema: z.strictObject(spec.input),
    annotations,
    async invoke(args, log = logToStderr) {
      try {
        return await spec.run(args as z.output<z.ZodObject<Shape>>);
      } catch (error) {
        return errorResult(error, spec.name, log);
      }
    },
  };
}

/** The tool error result for anything a handler threw. Unexpected errors are logged with their stack. */
export function errorResult(error: unknown, toolName: string, log: (line: string) => void = logToStderr): ToolResult {
  let text: string;
  if (error instanceof ToolError || error instanceof EnvError) {
    text = error.message;
  } else {
    text = `${toolName} failed unexpectedly: ${messageOf(error)}`;
    log(`${toolName}: ${error instanceof Error && error.stack ? error.stack : messageOf(error)}`);
  }
  return { isError: true, content: [{ type: 'text', text }] };
}

/** A result carrying `data` as structured content and as JSON text (or the given text). */
export function jsonResult(data: Record<string, unknown>, options: { text?: string; extra?: Content[] } = {}): ToolResult {
  const text = options.text ?? JSON.stringify(data, null, 2);
  return { content: [{ type: 'text', text }, ...(options.extra ?? [])], structuredContent: data };
}

export function textResult(text: string): ToolResult {
  return { content: [{ type: 'text', text }] };
}

export interface ServerSpec<Ctx> {
  /** The server's name as the config declares it (`clock`, `charts`, …). */
  name: string;
  version: string;
  /** Guidance for the model on how the tools fit together. */
  instructions?: string;
  /** Reads and checks the environment; throwing refuses to start, with the message on stderr. */
  setup(env: Env): Ctx | Promise<Ctx>;
  tools(ctx: Ctx): Tool[];
}

/** An MCP server with the spec's tools registered, not yet connected to a transport. */
export function createServer<Ctx>(spec: ServerSpec<Ctx>, ctx: Ctx, log: (line: string) => void = logToStderr): McpServer {
  const server = new McpServer(
    { name: `open-cowork-${spec.name}`, version: spec.version },
    spec.instructions ? { instructions: spec.instructions } : {},
  );
  const seen = new Set<string>();
  for (const tool of spec.tools(ctx)) {
    if (seen.has(tool.name)) throw new Error(`Tool "${tool.name}" is defined twice`);
    seen.add(tool.name);
    server.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: tool.schema, annotations: tool.annotations },
      (args: unknown) => tool.invoke(args, log),
    );
  }
  return server;
}

/**
 * Starts the server on stdin/stdout. A setup failure (a missing or invalid environment
 * variable) is printed on stderr and the process exits with status 1: stdout belongs to
 * the protocol, so nothing else is ever written there.
 */
export async function runStdioServer<Ctx>(spec: ServerSpec<Ctx>, env: Env = process.env): Promise<void> {
  const log = (line: string) => process.stderr.write(`[${spec.name}] ${line}\n`);
  // stdout carries the protocol: whatever a dependency prints goes to stderr instead.
  for (const method of ['log', 'info', 'debug'] as const) console[method] = (...args: unknown[]) => console.error(...args);
  process.on('unhandledRejection', (reason) => log(`unhandled rejection: ${messageOf(reason)}`));

  let ctx: Ctx;
  let server: McpServer;
  try {
    ctx = await spec.setup(env);
    server = createServer(spec, ctx, log);
  } catch (error) {
    log(`cannot start: ${messageOf(error)}`);
    process.exitCode = 1;
    return;
  }
  const transport = new StdioServerTransport();
  await server.connect(transport);
  // The client closing our stdin is the normal way to stop.
  process.stdin.once('close', () => {
    void server.close().finally(() => process.exit(0));
  });
}

function logToStderr(line: string): void {
  process.stderr.write(`${line}\n`);
}
