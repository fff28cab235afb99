// `identity upsert|list|disable`: who may talk to the gateway, and in which role.
import { GatewayError, GatewayErrorCode } from '../../errors.js';
import { AuditType, recordAudit } from '../../store/audit.js';
import { findIdentity, isRole, listIdentities, ROLES, upsertIdentity, type Identity } from '../../store/identities.js';
import { ExitCode, parseCommand, printJson, required, str, UsageError, type CliIo } from '../io.js';
import { withStore } from '../store-access.js';

const HELP = 'open-cowork-gateway identity --help';
export const IDENTITY_USAGE = `Usage: open-cowork-gateway identity <upsert|list|disable> [options]

  upsert  --provider ID --external-user-id USER --role ROLE [--provider-workspace-id WS] [--display-name NAME] [--json]
          Creates or changes an identity. Roles: ${ROLES.join(', ')}.
          owner, admin and member may prompt; approver and viewer may not; disabled may do nothing.
  list    [--provider ID] [--json]
  disable --provider ID --external-user-id USER [--provider-workspace-id WS] [--json]

An identity without --provider-workspace-id matches only messages that carry no workspace id;
it is never a fallback for scoped messages. Exit status: 0 done, 1 failed, 2 usage error.
`;

const OPTIONS = {
  provider: { type: 'string' },
  'provider-workspace-id': { type: 'string' },
  'external-user-id': { type: 'string' },
  role: { type: 'string' },
  'display-name': { type: 'string' },
  json: { type: 'boolean' },
} as const;

function line(identity: Identity): string {
  return `${identity.provider}\t${identity.providerWorkspaceId === '' ? '-' : identity.providerWorkspaceId}\t${identity.externalUserId}\t${identity.role}${identity.displayName ? `\t${identity.displayName}` : ''}\n`;
}

export async function runIdentityCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.stdout(IDENTITY_USAGE);
    return sub === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  const parsed = parseCommand(rest, OPTIONS, HELP, 0);
  if (parsed.values['help'] === true) {
    io.stdout(IDENTITY_USAGE);
    return ExitCode.Ok;
  }
  const json = parsed.values['json'] === true;
  const key = () => ({
    provider: required(parsed.values, 'provider', HELP),
    providerWorkspaceId: str(parsed.values, 'provider-workspace-id') ?? '',
    externalUserId: required(parsed.values, 'external-user-id', HELP),
  });
  switch (sub) {
    case 'upsert': {
      const identityKey = key();
      const role = required(parsed.values, 'role', HELP);
      if (!isRole(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}; got "${role}".`, HELP);
      const identity = await withStore(io, (db) =>
        db.transaction(async (tx) => {
          const saved = await upsertIdentity(tx, identityKey, role, str(parsed.values, 'display-name'));
          await recordAudit(tx, { type: AuditType.IdentityUpserted, provider: saved.provider, actor: 'cli', subject: saved.externalUserId, data: { role, workspaceId: saved.providerWorkspaceId } });
          return saved;
        }),
      );
      if (json) printJson(io, { identity });
      else io.stdout(`Saved: ${line(identity)}`);
      return ExitCode.Ok;
    }
    case 'list': {
      const identities = await withStore(io, (db) => listIdentities(db, str(parsed.values, 'provider')));
      if (json) printJson(io, { identities });
      else if (identities.length === 0) io.stdout('No identities yet: every message is denied.\n');
      else for (const identity of identities) io.stdout(line(identity));
      return ExitCode.Ok;
    }
    case 'disable': {
      const identityKey = key();
      const identity = await withStore(io, (db) =>
        db.transaction(async (tx) => {
          if ((await findIdentity(tx, identityKey)) === undefined) throw new GatewayError(GatewayErrorCode.NotFound, `No identity ${identityKey.provider}/${identityKey.providerWorkspaceId || '-'}/${identityKey.externalUserId}.`);
          const saved = await upsertIdentity(tx, identityKey, 'disabled');
          await recordAudit(tx, { type: AuditType.IdentityDisabled, provider: saved.provider, actor: 'cli', subject: saved.externalUserId, data: { workspaceId: saved.providerWorkspaceId } });
          return saved;
        }),
      );
      if (json) printJson(io, { identity });
      else io.stdout(`Disabled: ${line(identity)}`);
      return ExitCode.Ok;
    }
    default:
      throw new UsageError(`Unknown identity command "${sub}".`, HELP);
  }
}
