// `pairing list|approve`: the operator's side of PAIRING=on. Approving a code creates the
// sender's identity (default role member), marks the code used, audits both, and with --notify
// stores a message to the sender's chat that the gateway delivers.
import { enqueueOutbound } from '../../channels/outbound.js';
import { GatewayError, GatewayErrorCode } from '../../errors.js';
import { AuditType, recordAudit } from '../../store/audit.js';
import { isRole, ROLES, upsertIdentity, type Role } from '../../store/identities.js';
import { expirePairings, listPairings, lockPendingPairing, markPairingApproved, normalizeCode, type Pairing } from '../../store/pairings.js';
import { ExitCode, parseCommand, printJson, str, UsageError, type CliIo } from '../io.js';
import { withStore } from '../store-access.js';

const HELP = 'open-cowork-gateway pairing --help';
const APPROVABLE = ROLES.filter((role) => role !== 'disabled');

export const PAIRING_USAGE = `Usage: open-cowork-gateway pairing <list|approve> [options]

  list     [--all] [--json]
           Pending pairing codes (with --all: approved and expired ones too).
  approve  CODE [--role ROLE] [--notify] [--json]
           Creates the sender's identity with ROLE (default member; one of ${APPROVABLE.join(', ')})
           and uses up the code. --notify tells the sender in their chat.

Pairing codes exist only with OPEN_COWORK_STANDALONE_GATEWAY_PAIRING=on: an unknown sender gets
one code (8 characters, valid for 1 hour). With the embedded store, stop serve first.
Exit status: 0 done, 1 failed (unknown or expired code), 2 usage error.
`;

function line(pairing: Pairing): string {
  return `${pairing.code}\t${pairing.status}\t${pairing.provider}\t${pairing.workspaceId || '-'}\t${pairing.externalUserId}\t${pairing.displayName ?? '-'}\texpires ${pairing.expiresAt}\n`;
}

export async function runPairingCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.stdout(PAIRING_USAGE);
    return sub === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  const parsed = parseCommand(rest, { all: { type: 'boolean' }, role: { type: 'string' }, notify: { type: 'boolean' }, json: { type: 'boolean' } }, HELP, sub === 'approve' ? 1 : 0);
  if (parsed.values['help'] === true) {
    io.stdout(PAIRING_USAGE);
    return ExitCode.Ok;
  }
  const json = parsed.values['json'] === true;
  switch (sub) {
    case 'list': {
      const pairings = await withStore(io, async (db) => {
        await db.transaction(async (tx) => {
          for (const expired of await expirePairings(tx)) await recordAudit(tx, { type: AuditType.PairingExpired, provider: expired.provider, actor: expired.externalUserId, subject: expired.code });
        });
        return listPairings(db, parsed.values['all'] === true ? {} : { status: 'pending' });
      });
      if (json) printJson(io, { pairings });
      else if (pairings.length === 0) io.stdout('No pending pairing codes.\n');
      else for (const pairing of pairings) io.stdout(line(pairing));
      return ExitCode.Ok;
    }
    case 'approve': {
      const code = parsed.positionals[0];
      if (code === undefined || normalizeCode(code) === '') throw new UsageError('pairing approve needs the CODE the sender received.', HELP);
      const role = str(parsed.values, 'role') ?? 'member';
      if (!isRole(role) || role === 'disabled') throw new UsageError(`--role must be one of ${APPROVABLE.join(', ')}; got "${role}".`, HELP);
      const notify = parsed.values['notify'] === true;
      const result = await withStore(io, (db, config) =>
        db.transaction(async (tx) => {
          const pairing = await lockPendingPairing(tx, code);
          if (pairing === undefined) throw new GatewayError(GatewayErrorCode.PairingNotFound, `No pending pairing code ${normalizeCode(code)} (it may have expired after an hour, or been used).`);
          const identity = await upsertIdentity(tx, { provider: pairing.provider, providerWorkspaceId: pairing.workspaceId, externalUserId: pairing.externalUserId }, role as Role, pairing.displayName ?? undefined);
          const approved = await markPairingApproved(tx, pairing.code, role as Role, 'cli');
          await recordAudit(tx, { type: AuditType.PairingApproved, provider: pairing.provider, actor: 'cli', subject: pairing.code, data: { role, user: pairing.externalUserId, workspaceId: pairing.workspaceId, notify } });
          await recordAudit(tx, { type: AuditType.IdentityUpserted, provider: pairing.provider, actor: 'cli', subject: pairing.externalUserId, data: { role, workspaceId: pairing.workspaceId, via: 'pairing' } });
          let notified = 0;
          if (notify) {
            const target = { provider: pairing.provider, workspaceId: pairing.workspaceId, chatId: pairing.chatId, threadId: pairing.threadId, inReplyTo: '' };
            notified = await enqueueOutbound(tx, { config }, target, { kind: 'notice', text: `You are paired with this gateway (role ${role}). Send your message again.` }, `pairing-approved:${pairing.code}`);
          }
          return { pairing: approved, identity, notified: notified > 0 };
        }),
      );
      if (json) printJson(io, result);
      else io.stdout(`Approved ${result.pairing.code}: ${result.identity.provider}/${result.identity.providerWorkspaceId || '-'}/${result.identity.externalUserId} is now ${result.identity.role}${notify ? (result.notified ? '; the sender will be told' : '; no delivery channel to tell the sender') : ''}.\n`);
      return ExitCode.Ok;
    }
    default:
      throw new UsageError(`Unknown pairing command "${sub}".`, HELP);
  }
}
