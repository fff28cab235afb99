// The scripted OpenAI-compatible model server: routes, request parsing, the request log,
// and playing the chosen reply. Loopback only.

import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { parseChatRequest } from './chat.js';
import { completionJson, contentChunks, finishChunk, usageChunk, type Answer, type CompletionMeta } from './completion.js';
import { conversationOf, type Conversation } from './conversation.js';
import { playFault } from './faults.js';
import { sendError, sendJson } from './http-json.js';
import { RequestLog, type LoggedRequest, type RequestPredicate } from './request-log.js';
import { Script, type Reply, type ScriptRule } from './script.js';
import { DONE, isOpen, startSse, writeEvents } from './sse.js';

export const DEFAULT_MODEL_IDS: readonly string[] = ['scripted-1'];
const HOST = '127.0.0.1';
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const DEFAULT_WAIT_MS = 5_000;

export interface ScriptedModelOptions {
  /** Tried in order for every non-title request; the first match answers. */
  readonly rules?: readonly ScriptRule[];
  /** Ids listed by `GET /v1/models`. Requests for any model id are answered. Default `['scripted-1']`. */
  readonly models?: readonly string[];
  /** Milliseconds between streamed chunks (default 0); a reply's own `paceMs` wins. */
  readonly paceMs?: number;
  /** Default 0: any free port. */
  readonly port?: number;
  /** Called for each logged request, before its reply is played. */
  readonly onRequest?: (request: LoggedRequest) => void;
}

export interface ScriptedModel {
  /** Base URL for OpenAI clients, e.g. `http://127.0.0.1:PORT/v1`. */
  readonly url: string;
  readonly port: number;
  readonly modelIds: readonly string[];
  /** A snapshot of the chat requests answered so far, oldest first. */
  readonly requests: readonly LoggedRequest[];
  /** Replaces the rules (and their `times` counts). */
  setRules(rules: readonly ScriptRule[]): void;
  /** Appends a rule after the existing ones. */
  addRule(rule: ScriptRule): void;
  /** The first request (already logged or still to come) matching `predicate`; rejects after `timeoutMs` (default 5000). */
  waitForRequest(predicate?: RequestPredicate, timeoutMs?: number): Promise<LoggedRequest>;
  /** Clears the request log and the rules' `times` counts; the rules stay. */
  reset(): void;
  /** Stops listening and ends every open response, stalled ones included. Idempotent. */
  close(): Promise<void>;
}

export async function startScriptedModel(options: ScriptedModelOptions = {}): Promise<ScriptedModel> {
  const modelIds = [...(options.models ?? DEFAULT_MODEL_IDS)];
  const defaultPace = options.paceMs ?? 0;
  const script = new Script(options.rules ?? []);
  const log = new RequestLog();
  const shutdown = new AbortController();
  const sockets = new Set<Socket>();
  let seq = 0;

  const chat = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const text = await readBody(req);
    if (text === undefined) {
      sendError(res, 413, { message: `Request body exceeds ${MAX_BODY_BYTES} bytes.`, type: 'invalid_request_error', code: 'body_too_large' });
      return;
    }
    const parsed = parseChatRequest(text);
    if (!parsed.ok) {
      sendError(res, 400, { message: parsed.message, type: 'invalid_request_error', code: 'invalid_request' });
      return;
    }
    const conversation = conversationOf(parsed.body);
    const choice = script.choose(conversation);
    const request: LoggedRequest = {
      ...conversation,
      seq: ++seq,
      receivedAt: Date.now(),
      headers: flattenHeaders(req.headers),
      rule: choice.rule,
    };
    log.add(request);
    options.onRequest?.(request);
    let reply: Reply;
    try {
      reply = typeof choice.reply === 'function' ? await choice.reply(conversation) : choice.reply;
      assertReply(reply);
    } catch (error) {
      const message = `Script rule "${choice.rule}" failed: ${(error as Error).message}`;
      sendError(res, 500, { message, type: 'server_error', code: 'scripted_reply_failed' });
      return;
    }
    const meta: CompletionMeta = {
      id: `chatcmpl-scripted-${request.seq}`,
      created: Math.floor(request.receivedAt / 1000),
      model: conversation.model,
      seq: request.seq,
      promptChars: text.length,
    };
    const paceMs = ('paceMs' in reply ? reply.paceMs : undefined) ?? defaultPace;
    if ('fault' in reply) {
      await playFault(reply.fault, { res, stream: conversation.stream, meta, paceMs, signal: shutdown.signal });
      return;
    }
    await answer(res, conversation, meta, reply, paceMs, shutdown.signal);
  };

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        sendError(res, 500, { message: `Scripted model error: ${(error as Error).message}`, type: 'server_error', code: 'internal' });
      } else {
        res.destroy();
      }
    });
  });

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', `http://${HOST}`).pathname.replace(/\/+$/, '');
    if (path === '/v1/models') {
      if (req.method !== 'GET') return methodNotAllowed(req, res, 'GET');
      sendJson(res, 200, {
        object: 'list',
        data: modelIds.map((id) => ({ id, object: 'model', created: 0, owned_by: 'open-cowork-testing' })),
      });
      return;
    }
    if (path === '/v1/chat/completions') {
      if (req.method !== 'POST') return methodNotAllowed(req, res, 'POST');
      return chat(req, res);
    }
    sendError(res, 404, { message: `Unknown route ${req.method ?? 'GET'} ${path || '/'}.`, type: 'invalid_request_error', code: 'not_found' });
  };

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The scripted model has no TCP address.');
  const port = address.port;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      shutdown.abort();
      log.close('the scripted model was closed');
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
    return closing;
  };

  return {
    url: `http://${HOST}:${port}/v1`,
    port,
    modelIds,
    get requests() {
      return log.all;
    },
    setRules: (rules) => script.set(rules),
    addRule: (rule) => script.add(rule),
    waitForRequest: (predicate = () => true, timeoutMs = DEFAULT_WAIT_MS) => log.waitFor(predicate, timeoutMs),
    reset: () => {
      log.clear();
      script.resetUsage();
    },
    close,
  };
}

async function answer(
  res: ServerResponse,
  conversation: Conversation,
  meta: CompletionMeta,
  reply: Answer,
  paceMs: number,
  signal: AbortSignal,
): Promise<void> {
  if (!conversation.stream) {
    sendJson(res, 200, completionJson(meta, reply));
    return;
  }
  startSse(res);
  const events: (object | typeof DONE)[] = [...contentChunks(meta, reply), finishChunk(meta, reply)];
  if (conversation.body.stream_options?.include_usage === true) events.push(usageChunk(meta, reply));
  events.push(DONE);
  const complete = await writeEvents(res, events, paceMs, signal);
  if (complete && isOpen(res)) res.end();
}

function assertReply(reply: unknown): asserts reply is Reply {
  const ok =
    typeof reply === 'object' &&
    reply !== null &&
    (typeof (reply as { text?: unknown }).text === 'string' ||
      Array.isArray((reply as { toolCalls?: unknown }).toolCalls) ||
      typeof (reply as { fault?: unknown }).fault === 'object');
  if (!ok) throw new Error('a reply must be an object with "text", "toolCalls" or "fault".');
}

function methodNotAllowed(req: IncomingMessage, res: ServerResponse, allow: string): void {
  sendError(
    res,
    405,
    { message: `Method ${req.method ?? ''} is not allowed here; use ${allow}.`, type: 'invalid_request_error', code: 'method_not_allowed' },
    { allow },
  );
}

/** The body as text, or undefined when it exceeds the size limit. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
