// `bind add|list|remove`: chats whose messages a runner answers instead of the private runtime.
import { GatewayError, GatewayErrorCode } from '../../errors.js';
import { bindChat, listBindings, unbindChat, type ChatBinding, type ChatKey } from '../../tasks/bindings.js';
import { LABEL, listCredentials } from '../../tasks/credentials.js';
import { ExitCode, parseCommand, printJson, required, str, UsageError, type CliIo } from '../io.js';
import { withStore } from '../store-access.js';

const HELP = 'open-cowork-gateway bind --help';
export const BIND_USAGE = `Usage: open-cowork-gateway bind <add|list|remove> [options]

  add    --provider ID --chat CHAT [--provider-workspace-id WS] (--runner NAME [--workspace LABEL] | --workspace LABEL) [--json]
         Messages of that chat become tasks of the runner workspace: a runner of it answers them
         on its machine (its settings, sandbox and approvals) instead of the gateway's runtime.
         With --runner, the workspace is that runner's (name it with --workspace when it has several).
  list   [--json]
  remove --provider ID --chat CHAT [--provider-workspace-id WS] [--json]

A chat is one of a channel: --provider telegram --chat <chat id>, or --provider <webhook provider
id> --chat <chatId>. Exit status: 0 done, 1 failed (unknown runner, no such binding), 2 usage error.
`;

const OPTIONS = {
  provider: { type: 'string' },
  'provider-workspace-id': { type: 'string' },
  chat: { type: 'string' },
  runner: { type: 'string' },
  workspace: { type: 'string' },
  json: { type: 'boolean' },
} as const;

function line(binding: ChatBinding): string {
  return `${binding.provider}\t${binding.providerWorkspaceId || '-'}\t${binding.chatId}\t→ ${binding.workspace}\n`;
}

export async function runBindCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.stdout(BIND_USAGE);
    return sub === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  const parsed = parseCommand(rest, OPTIONS, HELP, 0);
  if (parsed.values['help'] === true) {
    io.stdout(BIND_USAGE);
    return ExitCode.Ok;
  }
  const json = parsed.values['json'] === true;
  const key = (): ChatKey => ({ provider: required(parsed.values, 'provider', HELP), providerWorkspaceId: str(parsed.values, 'provider-workspace-id') ?? '', chatId: required(parsed.values, 'chat', HELP) });
  switch (sub) {
    case 'add': {
      const chat = key();
      const runner = str(parsed.values, 'runner');
      const label = str(parsed.values, 'workspace');
      if (runner === undefined && label === undefined) throw new UsageError('Name the runner (--runner NAME) or its workspace (--workspace LABEL).', HELP);
      if (label !== undefined && !LABEL.test(label)) throw new UsageError(`--workspace "${label}" is not a workspace label.`, HELP);
      const binding = await withStore(io, async (db) => {
        const runners = (await listCredentials(db, 'runner')).filter((c) => c.status === 'active');
        let workspace = label;
        if (runner !== undefined) {
          const found = runners.find((c) => c.name === runner);
          if (found === undefined) throw new GatewayError(GatewayErrorCode.NotFound, `No active runner named "${runner}" (open-cowork-gateway runner list).`);
          if (workspace === undefined) {
            if (found.workspaces.length !== 1) throw new GatewayError(GatewayErrorCode.BadRequest, `Runner "${runner}" serves ${found.workspaces.join(', ')}; say which with --workspace.`);
            workspace = found.workspaces[0]!;
          } else if (!found.workspaces.includes(workspace)) {
            throw new GatewayError(GatewayErrorCode.BadRequest, `Runner "${runner}" does not serve workspace "${workspace}" (it serves ${found.workspaces.join(', ')}).`);
          }
        } else if (!runners.some((c) => c.workspaces.includes(workspace!))) {
          throw new GatewayError(GatewayErrorCode.NotFound, `No active runner serves workspace "${workspace}".`);
        }
        return bindChat(db, chat, workspace!);
      });
      if (json) printJson(io, { binding });
      else io.stdout(`Bound: ${line(binding)}`);
      return ExitCode.Ok;
    }
    case 'list': {
      const bindings = await withStore(io, (db) => listBindings(db));
      if (json) printJson(io, { bindings });
      else if (bindings.length === 0) io.stdout('No chats are bound to runners.\n');
      else for (const binding of bindings) io.stdout(line(binding));
      return ExitCode.Ok;
    }
    case 'remove': {
      const chat = key();
      const removed = await withStore(io, (db) => unbindChat(db, chat));
      if (removed === undefined) throw new GatewayError(GatewayErrorCode.NotFound, `The chat ${chat.provider}/${chat.providerWorkspaceId || '-'}/${chat.chatId} is not bound.`);
      if (json) printJson(io, { binding: removed });
      else io.stdout(`Removed: ${line(removed)}`);
      return ExitCode.Ok;
    }
    default:
      throw new UsageError(`Unknown bind command "${sub}".`, HELP);
  }
}
