// `open-cowork approvals list|reply`: answer a running host's permission requests.
import { parseCommandArgs } from '../args.js';
import { jsonText } from '../format.js';
import { connectHost, TARGET_HELP, TARGET_OPTIONS as TARGET } from '../host/connect.js';
import { ExitCode, UsageError, type CliIo } from '../io.js';

const HELP = 'open-cowork approvals --help';

export const APPROVALS_USAGE = [
  'Usage: open-cowork approvals list [--json] [target options]',
  '       open-cowork approvals reply <id> --allow|--deny [--always] [target options]',
  '',
  'Lists the permission requests a running host is waiting on, or answers one: --allow lets',
  'the tool run once (with --always: from now on), --deny refuses it.',
  '',
  ...TARGET_HELP,
  '',
].join('\n');

export async function runApprovalsCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.stdout(APPROVALS_USAGE);
    return sub === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  if (sub === 'list') return list(rest, io);
  if (sub === 'reply') return reply(rest, io);
  throw new UsageError(`Unknown approvals command "${sub}".`, HELP);
}

async function list(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseCommandArgs(args, { ...TARGET, json: { type: 'boolean' } }, HELP, 0);
  if (values['help'] === true) return help(io);
  const client = await connectHost(io, values, HELP);
  if (!client) return ExitCode.Failed;
  const { requests } = await client.call('permissions.list', {});
  if (values['json'] === true) {
    io.stdout(jsonText(requests));
  } else if (requests.length === 0) {
    io.stdout('No permission requests are waiting.\n');
  } else {
    for (const request of requests) {
      io.stdout(`${request.id}  ${request.permission}  ${request.patterns.join(', ')}  (session ${request.sessionId})\n`);
    }
  }
  return ExitCode.Ok;
}

async function reply(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(args, { ...TARGET, allow: { type: 'boolean' }, deny: { type: 'boolean' }, always: { type: 'boolean' } }, HELP, 1);
  if (values['help'] === true) return help(io);
  const requestId = positionals[0];
  if (!requestId) throw new UsageError('Missing the request id (see "open-cowork approvals list").', HELP);
  const allow = values['allow'] === true;
  const deny = values['deny'] === true;
  if (allow === deny) throw new UsageError('Give exactly one of --allow or --deny.', HELP);
  if (deny && values['always'] === true) throw new UsageError('--always goes with --allow.', HELP);
  const client = await connectHost(io, values, HELP);
  if (!client) return ExitCode.Failed;
  const answer = deny ? 'reject' : values['always'] === true ? 'always' : 'once';
  await client.call('permissions.reply', { requestId, reply: answer });
  io.stdout(`${deny ? 'Denied' : 'Allowed'} ${requestId}${answer === 'always' ? ' (always)' : ''}.\n`);
  return ExitCode.Ok;
}

function help(io: CliIo): ExitCode {
  io.stdout(APPROVALS_USAGE);
  return ExitCode.Ok;
}
