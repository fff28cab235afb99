// `setup`: writes a starter env file (mode 0600) from flags, generating the admin token and the
// webhook secret unless given, and checks it with the same loader serve uses. Secrets are never
// printed unless --allow-secret-print is given.
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { loadGatewayConfig } from '../../config/load.js';
import { PREFIX, VARIABLES } from '../../config/variables.js';
import { ExitCode, parseCommand, printJson, str, UsageError, type CliIo } from '../io.js';

const HELP = 'open-cowork-gateway setup --help';
export const SETUP_USAGE = `Usage: open-cowork-gateway setup (--output FILE | --print) [options]

Writes an env file for serve (mode 0600), checked like serve checks its configuration.
  --output FILE           where to write it (refuses to overwrite without --force)
  --print                 print it instead; secrets are shown as <redacted> unless
                          --allow-secret-print is given too
  --admin-token T         default: 32 random bytes, hex
  --webhook-secret S      default: 32 random bytes, hex
  --delivery-url URL      WEBHOOK_DELIVERY_URL
  --telegram-bot-token T  TELEGRAM_BOT_TOKEN (from @BotFather)
  --telegram-mode MODE    polling (default) or webhook; webhook generates TELEGRAM_WEBHOOK_SECRET
  --telegram-public-url U TELEGRAM_PUBLIC_URL, the https address Telegram reaches (webhook mode)
  --telegram-webhook-secret S  webhook mode; default: 32 random bytes, hex
  --opencode-url URL      an existing private OpenCode (public and wildcard URLs are refused)
  --database-url URL      PostgreSQL (STORE becomes postgres)
  --store KIND            postgres, embedded or memory
  --mode MODE             solo, team or enterprise
  --data-dir DIR          DATA_DIR
  --port N                PORT
  --force                 overwrite --output
  --allow-secret-print    let --print and --json show secret values
  --json                  one JSON document: the file, the variable names written and which
                          values were generated (values only with --allow-secret-print)
Exit status: 0 written, 1 the values do not pass the checks, 2 usage error.
`;

const SECRET_NAMES = new Set(VARIABLES.filter((v) => v.kind.type === 'secret').map((v) => PREFIX + v.name));

/** .env quoting: single quotes, with embedded single quotes closed and escaped. */
const quote = (value: string): string => `'${value.replaceAll("'", "'\\''")}'`;

export function runSetupCommand(args: readonly string[], io: CliIo): ExitCode {
  const parsed = parseCommand(
    args,
    {
      output: { type: 'string' }, print: { type: 'boolean' }, 'admin-token': { type: 'string' }, 'webhook-secret': { type: 'string' },
      'delivery-url': { type: 'string' }, 'opencode-url': { type: 'string' }, 'database-url': { type: 'string' }, store: { type: 'string' },
      mode: { type: 'string' }, 'data-dir': { type: 'string' }, port: { type: 'string' }, force: { type: 'boolean' },
      'telegram-bot-token': { type: 'string' }, 'telegram-mode': { type: 'string' }, 'telegram-public-url': { type: 'string' }, 'telegram-webhook-secret': { type: 'string' },
      'allow-secret-print': { type: 'boolean' }, json: { type: 'boolean' },
    },
    HELP,
    0,
  );
  const values = parsed.values;
  if (values['help'] === true) {
    io.stdout(SETUP_USAGE);
    return ExitCode.Ok;
  }
  const output = str(values, 'output');
  const print = values['print'] === true;
  if ((output === undefined) === !print) throw new UsageError('Give exactly one of --output FILE or --print.', HELP);
  const allowSecrets = values['allow-secret-print'] === true;
  const generated: string[] = [];
  const secret = (flag: string, name: string): string => {
    const given = str(values, flag);
    if (given !== undefined) return given;
    generated.push(PREFIX + name);
    return randomBytes(32).toString('hex');
  };
  const env: Record<string, string> = {
    [PREFIX + 'ADMIN_TOKEN']: secret('admin-token', 'ADMIN_TOKEN'),
    [PREFIX + 'WEBHOOK_SHARED_SECRET']: secret('webhook-secret', 'WEBHOOK_SHARED_SECRET'),
  };
  const optional: [string, string][] = [
    ['delivery-url', 'WEBHOOK_DELIVERY_URL'], ['opencode-url', 'OPENCODE_URL'], ['database-url', 'DATABASE_URL'], ['store', 'STORE'],
    ['mode', 'DEPLOYMENT_MODE'], ['data-dir', 'DATA_DIR'], ['port', 'PORT'], ['telegram-bot-token', 'TELEGRAM_BOT_TOKEN'],
    ['telegram-mode', 'TELEGRAM_MODE'], ['telegram-public-url', 'TELEGRAM_PUBLIC_URL'],
  ];
  for (const [flag, name] of optional) {
    const value = str(values, flag);
    if (value !== undefined) env[PREFIX + name] = value;
  }
  if (str(values, 'telegram-mode') === 'webhook') env[PREFIX + 'TELEGRAM_WEBHOOK_SECRET'] = secret('telegram-webhook-secret', 'TELEGRAM_WEBHOOK_SECRET');
  // The same checks serve runs: a public OpenCode URL, a bad port or a placeholder token fail here.
  loadGatewayConfig({ env, cwd: io.cwd });

  const shown = (name: string, value: string): string => (SECRET_NAMES.has(name) && !allowSecrets ? '<redacted>' : value);
  const text = (reveal: boolean): string =>
    `# Open Cowork standalone gateway (written by open-cowork-gateway setup). Keep this file private.\n${Object.entries(env).map(([name, value]) => `${name}=${quote(reveal ? value : shown(name, value))}`).join('\n')}\n`;
  let file: string | undefined;
  if (output !== undefined) {
    file = path.resolve(io.cwd, output);
    if (existsSync(file) && values['force'] !== true) {
      io.stderr(`${file} exists; pass --force to overwrite it.\n`);
      return ExitCode.Failed;
    }
    writeFileSync(file, text(true), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  if (values['json'] === true) {
    printJson(io, { file: file ?? null, variables: Object.keys(env), generated, ...(allowSecrets ? { values: env } : {}) });
  } else if (print) {
    io.stdout(text(false));
  } else {
    io.stdout(`Wrote ${file} (mode 0600): ${Object.keys(env).join(', ')}.\n`);
    if (generated.length > 0) io.stdout(`Generated ${generated.join(' and ')}; the values are only in the file.\n`);
  }
  return ExitCode.Ok;
}
