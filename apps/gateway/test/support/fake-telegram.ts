// A fake Telegram Bot API on 127.0.0.1, close enough to the real one for the gateway's use:
// getUpdates long polling with offset confirmation (and 409 for a competing poller), sendMessage
// with the 4,096 limit and entity checks, chat actions, callback answers, webhooks. Each request
// path may start with a replica prefix (apiRoot http://…/r1), so tests can tell replicas apart.
// Faults are scripted per method: an HTTP error (429 with retry_after, 5xx) or a dropped socket.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BOT_TOKEN = '123456789:AAFakeTokenForTestsOnly_abcdefghijklmnop';

export interface SentMessage {
  readonly messageId: number;
  readonly chatId: string;
  readonly threadId: number | null;
  readonly text: string;
  readonly entities: readonly { type: string; offset: number; length: number }[];
  readonly replyTo: number | null;
  readonly buttons: readonly { text: string; callback_data: string }[];
  readonly replica: string;
}

export interface CallRecord {
  readonly method: string;
  readonly replica: string;
  readonly at: number;
  readonly outcome: 'ok' | 'fault' | 'conflict' | 'dropped';
  readonly status?: number;
  readonly params: Record<string, unknown>;
}

type Fault = { readonly status: number; readonly retryAfter?: number; readonly description?: string } | 'drop';

interface Waiter {
  readonly replica: string;
  readonly finish: (status: number, body: unknown) => void;
}

export interface FakeTelegram {
  /** The apiRoot for a replica (its requests are recorded under `replica`). */
  apiRoot(replica?: string): string;
  readonly calls: readonly CallRecord[];
  readonly sent: readonly SentMessage[];
  readonly chatActions: readonly { chatId: string; action: string }[];
  readonly callbackAnswers: readonly { id: string; text: string }[];
  readonly webhook: { url: string; secretToken: string | undefined; allowedUpdates: readonly string[] } | undefined;
  /** Queues an update from a user's text message; returns its update_id and message_id. */
  pushMessage(input: { chatId: number; userId: number; text: string; username?: string; threadId?: number; chatType?: string }): { updateId: number; messageId: number };
  /** Queues a button press on a message the bot sent. */
  pushCallback(input: { userId: number; username?: string; message: SentMessage; data: string }): { updateId: number };
  /** `count` more calls of `method` fail with `fault` (after faults already queued); the first `skip` calls from now succeed. */
  fail(method: string, count: number, fault: Fault, options?: { readonly skip?: number }): void;
  /** Updates not yet confirmed by an offset. */
  pending(): number;
  waitFor<T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T>;
  close(): Promise<void>;
}

export async function startFakeTelegram(): Promise<FakeTelegram> {
  const updates: Record<string, unknown>[] = [];
  let nextUpdateId = 1000;
  let nextMessageId = 1;
  const calls: CallRecord[] = [];
  const sent: SentMessage[] = [];
  const chatActions: { chatId: string; action: string }[] = [];
  const callbackAnswers: { id: string; text: string }[] = [];
  const faults = new Map<string, { skip: number; queue: Fault[] }>();
  let webhook: FakeTelegram['webhook'];
  let poller: Waiter | undefined;
  const listeners = new Set<() => void>();
  const changed = (): void => {
    for (const listener of [...listeners]) listener();
  };

  const reply = (res: ServerResponse, status: number, body: unknown): void => {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const ok = (res: ServerResponse, result: unknown): void => reply(res, 200, { ok: true, result });
  const error = (res: ServerResponse, status: number, description: string, parameters?: Record<string, unknown>): void =>
    reply(res, status, { ok: false, error_code: status, description, ...(parameters === undefined ? {} : { parameters }) });

  const deliverable = (allowed: readonly string[] | undefined): Record<string, unknown>[] =>
    updates.filter((update) => allowed === undefined || allowed.length === 0 || allowed.some((type) => type in update));

  const getUpdates = (replica: string, params: Record<string, unknown>, res: ServerResponse, req: IncomingMessage): void => {
    if (webhook !== undefined) return error(res, 409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    const offset = typeof params['offset'] === 'number' ? params['offset'] : undefined;
    if (offset !== undefined) while (updates.length > 0 && (updates[0]!['update_id'] as number) < offset) updates.shift();
    const allowed = params['allowed_updates'] as string[] | undefined;
    const timeout = typeof params['timeout'] === 'number' ? params['timeout'] : 0;
    // Telegram allows one getUpdates at a time: a new one ends the one waiting.
    poller?.finish(409, { ok: false, error_code: 409, description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' });
    const ready = deliverable(allowed);
    if (ready.length > 0 || timeout === 0) return ok(res, ready.slice(0, 100));
    let done = false;
    const finish = (status: number, body: unknown): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      listeners.delete(check);
      req.socket.off('close', closed);
      if (poller?.finish === finish) poller = undefined;
      if (status === 409) calls.push({ method: 'getUpdates', replica, at: Date.now(), outcome: 'conflict', status, params });
      reply(res, status, body);
    };
    const check = (): void => {
      const now = deliverable(allowed);
      if (now.length > 0) finish(200, { ok: true, result: now.slice(0, 100) });
    };
    const timer = setTimeout(() => finish(200, { ok: true, result: [] }), timeout * 1000);
    listeners.add(check);
    poller = { replica, finish };
    const closed = (): void => finish(200, { ok: true, result: [] });
    req.socket.once('close', closed);
  };

  const handle = (replica: string, method: string, params: Record<string, unknown>, req: IncomingMessage, res: ServerResponse): void => {
    const scripted = faults.get(method);
    const fault = scripted === undefined ? undefined : scripted.skip > 0 ? (scripted.skip -= 1, undefined) : scripted.queue.shift();
    if (fault !== undefined) {
      if (fault === 'drop') {
        calls.push({ method, replica, at: Date.now(), outcome: 'dropped', params });
        req.socket.destroy();
        return;
      }
      const { status, retryAfter, description } = fault;
      calls.push({ method, replica, at: Date.now(), outcome: 'fault', status, params });
      return error(res, status, description ?? (status === 429 ? `Too Many Requests: retry after ${retryAfter ?? 1}` : 'Bad Gateway'), retryAfter === undefined ? undefined : { retry_after: retryAfter });
    }
    calls.push({ method, replica, at: Date.now(), outcome: 'ok', params });
    switch (method) {
      case 'getMe':
        return ok(res, { id: 123456789, is_bot: true, first_name: 'Gateway', username: 'gateway_test_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false });
      case 'getUpdates':
        return getUpdates(replica, params, res, req);
      case 'deleteWebhook':
        webhook = undefined;
        return ok(res, true);
      case 'setWebhook':
        webhook = { url: String(params['url']), secretToken: params['secret_token'] as string | undefined, allowedUpdates: (params['allowed_updates'] as string[] | undefined) ?? [] };
        changed();
        return ok(res, true);
      case 'sendChatAction':
        chatActions.push({ chatId: String(params['chat_id']), action: String(params['action']) });
        return ok(res, true);
      case 'answerCallbackQuery':
        callbackAnswers.push({ id: String(params['callback_query_id']), text: String(params['text'] ?? '') });
        changed();
        return ok(res, true);
      case 'editMessageReplyMarkup':
      case 'editMessageText':
        return ok(res, true);
      case 'sendMessage': {
        const text = String(params['text'] ?? '');
        if (text.length === 0) return error(res, 400, 'Bad Request: message text is empty');
        if (text.length > 4096) return error(res, 400, 'Bad Request: message is too long');
        const entities = (params['entities'] as SentMessage['entities'] | undefined) ?? [];
        if (entities.some((e) => e.offset < 0 || e.length <= 0 || e.offset + e.length > text.length)) return error(res, 400, "Bad Request: can't parse entities");
        if (params['parse_mode'] !== undefined) return error(res, 400, 'Bad Request: the fake refuses parse_mode; send entities');
        const markup = params['reply_markup'] as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined;
        const message: SentMessage = {
          messageId: nextMessageId++,
          chatId: String(params['chat_id']),
          threadId: typeof params['message_thread_id'] === 'number' ? params['message_thread_id'] : null,
          text,
          entities,
          replyTo: (params['reply_parameters'] as { message_id?: number } | undefined)?.message_id ?? null,
          buttons: markup?.inline_keyboard?.flat() ?? [],
          replica,
        };
        sent.push(message);
        changed();
        return ok(res, { message_id: message.messageId, date: Math.floor(Date.now() / 1000), chat: { id: Number(message.chatId), type: 'private' }, text });
      }
      default:
        return error(res, 404, `Not Found: method ${method} is not faked`);
    }
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const match = /^(?:\/([a-z0-9]+))?\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url?.split('?')[0] ?? '');
      if (!match) return error(res, 404, 'Not Found');
      if (match[2] !== BOT_TOKEN) return error(res, 401, 'Unauthorized');
      let params: Record<string, unknown> = {};
      const body = Buffer.concat(chunks).toString('utf8');
      if (body !== '') {
        try {
          params = JSON.parse(body) as Record<string, unknown>;
        } catch {
          return error(res, 400, 'Bad Request: the fake understands JSON bodies only');
        }
      }
      handle(match[1] ?? 'default', match[3]!, params, req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const push = (update: Record<string, unknown>): number => {
    const updateId = nextUpdateId++;
    updates.push({ update_id: updateId, ...update });
    changed();
    return updateId;
  };

  return {
    apiRoot: (replica) => `http://127.0.0.1:${port}${replica === undefined ? '' : `/${replica}`}`,
    calls,
    sent,
    chatActions,
    callbackAnswers,
    get webhook() {
      return webhook;
    },
    pushMessage(input) {
      const messageId = nextMessageId++;
      const chat = { id: input.chatId, type: input.chatType ?? 'private', ...(input.chatType === 'supergroup' ? { title: 'Team', is_forum: true } : { first_name: 'User' }) };
      const updateId = push({
        message: {
          message_id: messageId,
          date: Math.floor(Date.now() / 1000),
          chat,
          from: { id: input.userId, is_bot: false, first_name: 'User', ...(input.username === undefined ? {} : { username: input.username }) },
          text: input.text,
          ...(input.threadId === undefined ? {} : { message_thread_id: input.threadId, is_topic_message: true }),
        },
      });
      return { updateId, messageId };
    },
    pushCallback(input) {
      const updateId = push({
        callback_query: {
          id: `cb${nextUpdateId}`,
          from: { id: input.userId, is_bot: false, first_name: 'User', ...(input.username === undefined ? {} : { username: input.username }) },
          chat_instance: 'ci',
          data: input.data,
          message: { message_id: input.message.messageId, date: Math.floor(Date.now() / 1000), chat: { id: Number(input.message.chatId), type: 'private', first_name: 'User' }, text: input.message.text },
        },
      });
      return { updateId };
    },
    fail(method, count, fault, options = {}) {
      const entry = faults.get(method) ?? { skip: 0, queue: [] };
      if (options.skip !== undefined) entry.skip = options.skip;
      for (let i = 0; i < count; i += 1) entry.queue.push(fault);
      faults.set(method, entry);
    },
    pending: () => updates.length,
    waitFor(what, probe, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const value = probe();
          if (value === undefined) return;
          clearTimeout(timer);
          clearInterval(poll);
          listeners.delete(check);
          resolve(value);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          clearInterval(poll);
          reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`));
        }, timeoutMs);
        // Some conditions change outside this server (a store row): look now and then too.
        const poll = setInterval(check, 200);
        listeners.add(check);
        check();
      });
    },
    close: () =>
      new Promise((resolve) => {
        poller?.finish(200, { ok: true, result: [] });
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
