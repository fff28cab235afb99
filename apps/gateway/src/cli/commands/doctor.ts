// `doctor [--json]`: the readiness checks with stable codes and boolean evidence.
import { runDoctor, type DoctorReport } from '../../doctor/checks.js';
import { processOwnerId, openStore } from '../../daemon/gateway.js';
import { messageOf } from '../../errors.js';
import { openOpencode, type OpencodeAccess } from '../../runtime/opencode.js';
import type { Db } from '../../store/db.js';
import { ExitCode, parseCommand, printJson, type CliIo } from '../io.js';
import { loadConfigFor } from '../store-access.js';

export const DOCTOR_USAGE = `Usage: open-cowork-gateway doctor [--json] [--no-runtime]

Checks the configuration, the store and its migrations, PostgreSQL TLS, the private OpenCode
runtime and its providers, identities, retention and the webhook channel. Each check has a
stable code and boolean evidence only. When a gateway with this configuration is already
serving (on HOST:PORT), the report is that gateway's own /ready (asked with the admin token).
  --json         one JSON document: {"ok", "checks": [{"code","ok","summary","evidence"}]}
  --no-runtime   skip starting the runtime (its checks fail)
Exit status: 0 every check passed, 1 a check failed, 2 usage error.
`;

export async function runDoctorCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const parsed = parseCommand(args, { json: { type: 'boolean' }, 'no-runtime': { type: 'boolean' } }, 'open-cowork-gateway doctor --help', 0);
  if (parsed.values['help'] === true) {
    io.stdout(DOCTOR_USAGE);
    return ExitCode.Ok;
  }
  const config = loadConfigFor(io);
  let db: Db | undefined;
  let storeError: string | undefined;
  let opencode: OpencodeAccess | undefined;
  let opencodeError: string | undefined;
  // A gateway already serving this configuration answers for itself: starting a second managed
  // runtime in its DATA_DIR would sweep the running one as an orphan.
  let report: DoctorReport | undefined = await fromRunningGateway(config.host, config.port, config.adminToken);
  try {
    if (report === undefined) {
      try {
        db = await openStore(config, processOwnerId());
      } catch (error) {
        storeError = messageOf(error);
      }
      if (parsed.values['no-runtime'] !== true) {
        const access = openOpencode({ config, env: io.env, cwd: io.cwd });
        try {
          await access.start();
          opencode = access;
        } catch (error) {
          opencodeError = messageOf(error).split('\n')[0];
          await access.close();
        }
      } else {
        opencodeError = 'not started (--no-runtime)';
      }
      report = await runDoctor({ config, ...(db ? { db } : {}), ...(storeError ? { storeError } : {}), ...(opencode ? { opencode } : {}), ...(opencodeError ? { opencodeError } : {}) });
    }
  } finally {
    await opencode?.close();
    await db?.close();
  }
  if (parsed.values['json'] === true) printJson(io, report);
  else {
    for (const check of report.checks) io.stdout(`${check.ok ? 'ok  ' : 'FAIL'}  ${check.code.padEnd(32)} ${check.summary}\n`);
    io.stdout(report.ok ? '\nAll checks passed.\n' : '\nSome checks failed.\n');
  }
  return report.ok ? ExitCode.Ok : ExitCode.Failed;
}

/** The report of a gateway serving on HOST:PORT, if one answers with a doctor report. */
async function fromRunningGateway(host: string, port: number, token: string | undefined): Promise<DoctorReport | undefined> {
  if (token === undefined || port === 0) return undefined;
  const target = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  try {
    const response = await fetch(`http://${target}:${port}/ready`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5000) });
    const body = (await response.json()) as DoctorReport;
    return Array.isArray(body.checks) ? body : undefined;
  } catch {
    return undefined;
  }
}
