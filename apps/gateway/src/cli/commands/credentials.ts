// `runner add|list|revoke` and `submitter add|list|revoke`: the Task API's credentials. A token
// is printed once, when it is issued (under "token" with --json); the store keeps its hash.
import { GatewayError, GatewayErrorCode } from '../../errors.js';
import { AuditType, recordAudit } from '../../store/audit.js';
import { issueCredential, LABEL, listCredentials, revokeCredential, type Credential, type CredentialKind } from '../../tasks/credentials.js';
import { ExitCode, parseCommand, printJson, UsageError, type CliIo } from '../io.js';
import { withStore } from '../store-access.js';

const WHAT: Record<CredentialKind, { readonly help: string; readonly usage: string }> = {
  runner: {
    help: 'open-cowork-gateway runner --help',
    usage: `Usage: open-cowork-gateway runner <add|list|revoke> [options]

  add NAME --workspace LABEL [--workspace LABEL…] [--json]
         Registers a runner for the workspace labels it serves and prints its token once.
         Start it on the machine that has the files:
           open-cowork runner --gateway URL --token-file FILE --workspace LABEL=DIR
  list   [--json]
  revoke NAME [--json]   the token stops working at once; a task it holds is requeued when its lease expires

A runner token may only poll for tasks of its workspaces and report on the tasks it claimed.
Exit status: 0 done, 1 failed (name taken, unknown runner), 2 usage error.
`,
  },
  submitter: {
    help: 'open-cowork-gateway submitter --help',
    usage: `Usage: open-cowork-gateway submitter <add|list|revoke> [options]

  add NAME [--workspace LABEL…] [--json]
         Issues a token for POST /tasks and prints it once. With --workspace, it may submit
         only to those workspaces; without, to any.
  list   [--json]
  revoke NAME [--json]

A submitter token creates tasks and reads, acknowledges and cancels its own; it cannot poll or
report as a runner. Exit status: 0 done, 1 failed (name taken, unknown submitter), 2 usage error.
`,
  },
};

function line(credential: Credential): string {
  return `${credential.name}\t${credential.status}\t${credential.workspaces.join(',') || '(any)'}\tcreated ${credential.createdAt}${credential.lastUsedAt ? `\tlast used ${credential.lastUsedAt}` : ''}\n`;
}

export function credentialCommand(kind: CredentialKind): (args: readonly string[], io: CliIo) => Promise<ExitCode> {
  const { help, usage } = WHAT[kind];
  return async (args, io) => {
    const [sub, ...rest] = args;
    if (sub === undefined || sub === '--help' || sub === '-h') {
      io.stdout(usage);
      return sub === undefined ? ExitCode.Usage : ExitCode.Ok;
    }
    const parsed = parseCommand(rest, { workspace: { type: 'string', multiple: true }, json: { type: 'boolean' } }, help, sub === 'list' ? 0 : 1);
    if (parsed.values['help'] === true) {
      io.stdout(usage);
      return ExitCode.Ok;
    }
    const json = parsed.values['json'] === true;
    const name = (): string => {
      const value = parsed.positionals[0];
      if (value === undefined) throw new UsageError(`${kind} ${sub} needs a name.`, help);
      if (!LABEL.test(value)) throw new UsageError(`The name "${value}" may use letters, digits, ".", "_" and "-" (at most 63).`, help);
      return value;
    };
    const workspaces = ((parsed.values as Record<string, unknown>)['workspace'] as string[] | undefined) ?? [];
    switch (sub) {
      case 'add': {
        const credentialName = name();
        for (const label of workspaces) if (!LABEL.test(label)) throw new UsageError(`--workspace "${label}" is not a label (letters, digits, ".", "_" and "-", at most 63).`, help);
        if (kind === 'runner' && workspaces.length === 0) throw new UsageError('A runner needs at least one --workspace LABEL.', help);
        const issued = await withStore(io, (db) =>
          db.transaction(async (tx) => {
            const outcome = await issueCredential(tx, kind, credentialName, workspaces);
            if ('conflict' in outcome) throw new GatewayError(GatewayErrorCode.JobState, `A ${kind} named "${credentialName}" exists already; revoke it first or choose another name.`);
            await recordAudit(tx, { type: AuditType.CredentialIssued, actor: 'cli', subject: `${kind}:${credentialName}`, data: { workspaces: outcome.credential.workspaces } });
            return outcome;
          }),
        );
        if (json) printJson(io, { [kind]: issued.credential, token: issued.token });
        else io.stdout(`${kind === 'runner' ? 'Runner' : 'Submitter'} "${credentialName}" added. Its token (shown only now):\n\n  ${issued.token}\n\n`);
        return ExitCode.Ok;
      }
      case 'list': {
        const credentials = await withStore(io, (db) => listCredentials(db, kind));
        if (json) printJson(io, { [`${kind}s`]: credentials });
        else if (credentials.length === 0) io.stdout(`No ${kind}s.\n`);
        else for (const credential of credentials) io.stdout(line(credential));
        return ExitCode.Ok;
      }
      case 'revoke': {
        const credentialName = name();
        const revoked = await withStore(io, (db) =>
          db.transaction(async (tx) => {
            const credential = await revokeCredential(tx, kind, credentialName);
            if (credential === undefined) throw new GatewayError(GatewayErrorCode.NotFound, `No active ${kind} named "${credentialName}".`);
            await recordAudit(tx, { type: AuditType.CredentialRevoked, actor: 'cli', subject: `${kind}:${credentialName}` });
            return credential;
          }),
        );
        if (json) printJson(io, { [kind]: revoked });
        else io.stdout(`Revoked: ${line(revoked)}`);
        return ExitCode.Ok;
      }
      default:
        throw new UsageError(`Unknown ${kind} command "${sub}".`, help);
    }
  };
}
