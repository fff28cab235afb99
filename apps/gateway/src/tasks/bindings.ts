// Chats bound to a runner workspace: their prompts become tasks that a runner of that workspace
// answers, instead of the gateway's private runtime (work/prompt-on-runner.ts).
import { toIso, type Queryable } from '../store/db.js';

export interface ChatKey {
  readonly provider: string;
  /** '' when the provider has no workspaces. */
  readonly providerWorkspaceId: string;
  readonly chatId: string;
}

export interface ChatBinding extends ChatKey {
  readonly workspace: string;
  readonly createdAt: string;
}

function bindingRow(row: Record<string, unknown>): ChatBinding {
  return {
    provider: String(row['provider']),
    providerWorkspaceId: String(row['provider_workspace_id']),
    chatId: String(row['chat_id']),
    workspace: String(row['workspace']),
    createdAt: toIso(row['created_at']) ?? '',
  };
}

/** Binds the chat (replacing an earlier binding of it). */
export async function bindChat(q: Queryable, key: ChatKey, workspace: string): Promise<ChatBinding> {
  const rows = await q.query(
    `insert into gateway_chat_bindings (provider, provider_workspace_id, chat_id, workspace) values ($1, $2, $3, $4)
     on conflict (provider, provider_workspace_id, chat_id) do update set workspace = excluded.workspace, created_at = now()
     returning *`,
    [key.provider, key.providerWorkspaceId, key.chatId, workspace],
  );
  return bindingRow(rows[0]!);
}

export async function unbindChat(q: Queryable, key: ChatKey): Promise<ChatBinding | undefined> {
  const rows = await q.query('delete from gateway_chat_bindings where provider = $1 and provider_workspace_id = $2 and chat_id = $3 returning *', [key.provider, key.providerWorkspaceId, key.chatId]);
  return rows[0] === undefined ? undefined : bindingRow(rows[0]);
}

export async function findBinding(q: Queryable, key: ChatKey): Promise<ChatBinding | undefined> {
  const rows = await q.query('select * from gateway_chat_bindings where provider = $1 and provider_workspace_id = $2 and chat_id = $3', [key.provider, key.providerWorkspaceId, key.chatId]);
  return rows[0] === undefined ? undefined : bindingRow(rows[0]);
}

export async function listBindings(q: Queryable): Promise<ChatBinding[]> {
  return (await q.query('select * from gateway_chat_bindings order by provider, provider_workspace_id, chat_id')).map(bindingRow);
}
