// The gateway's configuration: environment over an optional JSON/JSONC file (CONFIG) and
// inline JSON (CONFIG_JSON). Every value is checked against the variable table; all problems
// are collected and reported together, each naming its variable and where it came from.
import { accessSync, constants, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { checkRemoteUrl, classifyAddress } from '@open-cowork/host';
import { GatewayError, GatewayErrorCode } from '../errors.js';
import { parseValue } from './values.js';
import { PREFIX, VARIABLES, VARIABLE_NAMES, type VariableSpec } from './variables.js';

export type Env = Readonly<Record<string, string | undefined>>;
export type StoreKind = 'postgres' | 'embedded' | 'memory';
export type DeploymentMode = 'solo' | 'team' | 'enterprise';

export interface ConfigIssue {
  /** The full variable name (or the file) the problem is about. */
  readonly variable: string;
  /** environment, the config file's path, or CONFIG_JSON. */
  readonly source: string;
  readonly message: string;
}

export interface DatabaseTls {
  readonly enabled: boolean;
  readonly rejectUnauthorized: boolean;
  readonly caPath?: string;
  readonly certPath?: string;
  readonly keyPath?: string;
}

export interface GatewayConfig {
  readonly mode: DeploymentMode;
  readonly store: StoreKind;
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly databaseTls: DatabaseTls;
  readonly databasePoolMax: number;
  readonly adminToken?: string;
  readonly host: string;
  readonly port: number;
  readonly trustProxyHeaders: boolean;
  readonly trustedProxyCidrs: readonly string[];
  readonly rateLimitFailures: number;
  readonly opencode: {
    readonly url?: string;
    readonly password?: string;
    readonly workspace: string;
    readonly model?: string;
    readonly executionTimeoutMs: number;
  };
  readonly webhook: {
    readonly secret?: string;
    readonly providerIds: readonly string[];
    readonly deliveryUrl?: string;
    readonly allowPrivateNetwork: boolean;
    readonly messageLimit: number;
  };
  readonly jobs: {
    readonly concurrency: number;
    readonly maxAttempts: number;
    readonly leaseSeconds: number;
    readonly backoffBaseMs: number;
    readonly backoffMaxMs: number;
  };
  readonly tasks: {
    readonly leaseSeconds: number;
    readonly maxAttempts: number;
    readonly defaultTimeoutMs: number;
    readonly maxTimeoutMs: number;
    readonly callbackSecret?: string;
    readonly callbackAllowPrivateNetwork: boolean;
  };
  readonly telegram?: TelegramConfig;
  /** Unknown senders get a pairing code an operator approves (PAIRING=on). */
  readonly pairing: boolean;
  readonly approvals: {
    readonly prompterCanApprove: boolean;
    readonly timeoutMs: number;
  };
  readonly dashboardSessionMinutes: number;
  readonly leaderLeaseSeconds: number;
  readonly retention: {
    readonly sessionDays: number;
    readonly artifactDays: number;
    readonly auditDays: number;
    readonly jobDays: number;
    readonly taskHours: number;
    readonly intervalSeconds: number;
    /** Which windows were set by the operator rather than left at their default. */
    readonly explicit: { readonly session: boolean; readonly artifact: boolean; readonly audit: boolean; readonly job: boolean };
  };
}

export interface TelegramConfig {
  readonly token: string;
  readonly mode: 'polling' | 'webhook';
  readonly webhookSecret?: string;
  /** Webhook mode: the https base URL Telegram reaches this gateway at. */
  readonly publicUrl?: string;
  readonly apiRoot: string;
  readonly pollTimeoutSeconds: number;
}

interface Raw {
  readonly text: string;
  readonly source: string;
}

export interface LoadGatewayConfigOptions {
  readonly env: Env;
  readonly cwd?: string;
  readonly homeDir?: string;
}

/** Reads and checks the configuration; throws GATEWAY_CONFIG_INVALID listing every problem. */
export function loadGatewayConfig(options: LoadGatewayConfigOptions): GatewayConfig {
  const issues: ConfigIssue[] = [];
  const raw = collectRaw(options, issues);
  const values = new Map<string, string | number | boolean | readonly string[]>();
  for (const spec of VARIABLES) {
    const full = PREFIX + spec.name;
    const entry = raw.get(full);
    const text = entry?.text ?? spec.default;
    if (text === undefined || (entry === undefined && text === '')) continue;
    const parsed = parseValue(spec.kind, text);
    if (parsed.ok) values.set(spec.name, parsed.value);
    else issues.push({ variable: full, source: entry?.source ?? 'default', message: `${full} ${parsed.message}.` });
  }
  const config = assemble(values, raw, options, issues);
  if (issues.length > 0) {
    throw new GatewayError(
      GatewayErrorCode.ConfigInvalid,
      `The gateway configuration is invalid:\n${issues.map((issue) => `  - ${issue.message} (from ${issue.source})`).join('\n')}`,
      { issues },
    );
  }
  return config;
}

function collectRaw(options: LoadGatewayConfigOptions, issues: ConfigIssue[]): Map<string, Raw> {
  const raw = new Map<string, Raw>();
  const cwd = options.cwd ?? process.cwd();
  const file = options.env[PREFIX + 'CONFIG'];
  if (file !== undefined && file.trim() !== '') {
    const resolved = path.resolve(cwd, file.trim());
    let text: string | undefined;
    try {
      text = readFileSync(resolved, 'utf8');
    } catch (error) {
      issues.push({ variable: PREFIX + 'CONFIG', source: 'environment', message: `${PREFIX}CONFIG: cannot read ${resolved} (${(error as NodeJS.ErrnoException).code ?? 'error'}).` });
    }
    if (text !== undefined) mergeObject(raw, readObject(text, resolved, PREFIX + 'CONFIG', issues), resolved, issues);
  }
  const inline = options.env[PREFIX + 'CONFIG_JSON'];
  if (inline !== undefined && inline.trim() !== '') {
    mergeObject(raw, readObject(inline, 'CONFIG_JSON', PREFIX + 'CONFIG_JSON', issues), `${PREFIX}CONFIG_JSON`, issues);
  }
  for (const [name, value] of Object.entries(options.env)) {
    if (!name.startsWith(PREFIX) || value === undefined) continue;
    if (!VARIABLE_NAMES.has(name)) {
      issues.push({ variable: name, source: 'environment', message: `${name} is not a gateway variable (see docs/gateway.md for the list).` });
      continue;
    }
    raw.set(name, { text: value, source: 'environment' });
  }
  return raw;
}

function readObject(text: string, where: string, variable: string, issues: ConfigIssue[]): Record<string, unknown> | undefined {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const first = errors[0]!;
    issues.push({ variable, source: where, message: `${variable}: ${where} is not valid JSON (${printParseErrorCode(first.error)} at offset ${first.offset}).` });
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issues.push({ variable, source: where, message: `${variable}: ${where} must hold one JSON object keyed by variable names.` });
    return undefined;
  }
  return value as Record<string, unknown>;
}

function mergeObject(raw: Map<string, Raw>, object: Record<string, unknown> | undefined, source: string, issues: ConfigIssue[]): void {
  if (object === undefined) return;
  for (const [name, value] of Object.entries(object)) {
    const spec = VARIABLES.find((v) => PREFIX + v.name === name);
    if (spec === undefined) {
      issues.push({ variable: name, source, message: `${name} is not a gateway variable (see docs/gateway.md for the list).` });
      continue;
    }
    if (spec.envOnly === true) {
      issues.push({ variable: name, source, message: `${name} can only be set in the environment.` });
      continue;
    }
    if (value === null) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      issues.push({ variable: name, source, message: `${name} must be a string, number or boolean in the file; got ${Array.isArray(value) ? 'an array' : typeof value}.` });
      continue;
    }
    raw.set(name, { text: String(value), source });
  }
}

function assemble(values: Map<string, unknown>, raw: Map<string, Raw>, options: LoadGatewayConfigOptions, issues: ConfigIssue[]): GatewayConfig {
  const str = (name: string): string | undefined => values.get(name) as string | undefined;
  const num = (name: string): number => values.get(name) as number;
  const flag = (name: string): boolean => values.get(name) === true;
  const problem = (name: string, message: string): void => {
    issues.push({ variable: PREFIX + name, source: raw.get(PREFIX + name)?.source ?? 'default', message: `${PREFIX}${name} ${message}` });
  };
  const cwd = options.cwd ?? process.cwd();
  const resolvePath = (value: string | undefined): string | undefined => (value === undefined ? undefined : path.resolve(cwd, value));

  const mode = (str('DEPLOYMENT_MODE') ?? 'solo') as DeploymentMode;
  const databaseUrl = str('DATABASE_URL');
  const store = (str('STORE') ?? (databaseUrl !== undefined ? 'postgres' : 'embedded')) as StoreKind;
  if (store === 'postgres' && databaseUrl === undefined) problem('STORE', 'is postgres, but DATABASE_URL is not set.');
  if (store !== 'postgres' && databaseUrl !== undefined) problem('DATABASE_URL', `is set, but STORE is ${store}; remove one of them.`);
  const tls: DatabaseTls = {
    enabled: flag('DATABASE_SSL'),
    rejectUnauthorized: values.get('DATABASE_SSL_REJECT_UNAUTHORIZED') !== false,
    ...optional('caPath', resolvePath(str('DATABASE_SSL_CA_PATH'))),
    ...optional('certPath', resolvePath(str('DATABASE_SSL_CERT_PATH'))),
    ...optional('keyPath', resolvePath(str('DATABASE_SSL_KEY_PATH'))),
  };
  for (const [name, file] of [['DATABASE_SSL_CA_PATH', tls.caPath], ['DATABASE_SSL_CERT_PATH', tls.certPath], ['DATABASE_SSL_KEY_PATH', tls.keyPath]] as const) {
    if (file === undefined) continue;
    if (!tls.enabled) problem(name, 'is set, but DATABASE_SSL is not true.');
    else if (!readable(file)) problem(name, `names ${file}, which cannot be read.`);
  }
  if ((tls.keyPath === undefined) !== (tls.certPath === undefined)) problem('DATABASE_SSL_KEY_PATH', 'and DATABASE_SSL_CERT_PATH go together; set both or neither.');
  if (mode !== 'solo') {
    if (store !== 'postgres') problem('DEPLOYMENT_MODE', `is ${mode}, which needs STORE=postgres (got ${store}).`);
    else if (!tls.enabled || !tls.rejectUnauthorized) problem('DEPLOYMENT_MODE', `is ${mode}, which needs verified TLS: DATABASE_SSL=true and DATABASE_SSL_REJECT_UNAUTHORIZED=true.`);
  }

  const trustProxyHeaders = flag('TRUST_PROXY_HEADERS');
  const trustedProxyCidrs = (values.get('TRUSTED_PROXY_CIDRS') as readonly string[] | undefined) ?? [];
  if (trustProxyHeaders && trustedProxyCidrs.length === 0) problem('TRUST_PROXY_HEADERS', 'is true, but TRUSTED_PROXY_CIDRS names no proxy.');

  const dataDir = resolvePath(str('DATA_DIR')) ?? defaultDataDir(options);
  const opencodeUrl = str('OPENCODE_URL');
  if (opencodeUrl !== undefined) {
    const refusal = opencodeUrlRefusal(opencodeUrl);
    if (refusal !== undefined) problem('OPENCODE_URL', refusal);
  }
  if (str('OPENCODE_PASSWORD') !== undefined && opencodeUrl === undefined) problem('OPENCODE_PASSWORD', 'is set without OPENCODE_URL (the managed runtime makes its own).');
  const workspace = resolvePath(str('OPENCODE_WORKSPACE')) ?? path.join(dataDir, 'workspace');
  const exposed = workspaceExposure(workspace, dataDir);
  if (exposed !== undefined) problem('OPENCODE_WORKSPACE', exposed);
  const model = str('OPENCODE_MODEL');
  if (model !== undefined && !/^[^/\s]+\/\S+$/.test(model)) problem('OPENCODE_MODEL', `must look like provider/model; got "${model}".`);

  const secret = str('WEBHOOK_SHARED_SECRET');
  const deliveryUrl = str('WEBHOOK_DELIVERY_URL');
  const allowPrivateNetwork = flag('WEBHOOK_DELIVERY_ALLOW_PRIVATE_NETWORK');
  if (deliveryUrl !== undefined) {
    if (secret === undefined) problem('WEBHOOK_DELIVERY_URL', 'is set, but WEBHOOK_SHARED_SECRET (which signs deliveries) is not.');
    const check = checkRemoteUrl(deliveryUrl, { allowPrivateNetwork });
    if (!check.ok) problem('WEBHOOK_DELIVERY_URL', `is refused: ${check.message}`);
  }
  const telegram = telegramConfig(str, num, problem);
  if (num('JOB_BACKOFF_MAX_MS') < num('JOB_BACKOFF_BASE_MS')) problem('JOB_BACKOFF_MAX_MS', 'is smaller than JOB_BACKOFF_BASE_MS.');
  if (num('TASK_MAX_TIMEOUT_MS') < num('TASK_DEFAULT_TIMEOUT_MS')) problem('TASK_MAX_TIMEOUT_MS', 'is smaller than TASK_DEFAULT_TIMEOUT_MS.');
  const explicit = (name: string): boolean => raw.has(PREFIX + name);

  return {
    mode,
    store,
    dataDir,
    ...optional('databaseUrl', databaseUrl),
    databaseTls: tls,
    databasePoolMax: num('DATABASE_POOL_MAX'),
    ...optional('adminToken', str('ADMIN_TOKEN')),
    host: str('HOST') ?? '127.0.0.1',
    port: num('PORT'),
    trustProxyHeaders,
    trustedProxyCidrs,
    rateLimitFailures: num('RATE_LIMIT_FAILURES'),
    opencode: {
      ...optional('url', opencodeUrl),
      ...optional('password', str('OPENCODE_PASSWORD')),
      workspace,
      ...optional('model', model),
      executionTimeoutMs: num('OPENCODE_EXECUTION_TIMEOUT_MS'),
    },
    webhook: {
      ...optional('secret', secret),
      providerIds: (values.get('WEBHOOK_PROVIDER_IDS') as readonly string[] | undefined) ?? ['webhook'],
      ...optional('deliveryUrl', deliveryUrl),
      allowPrivateNetwork,
      messageLimit: num('WEBHOOK_MESSAGE_LIMIT'),
    },
    jobs: {
      concurrency: num('WORKER_CONCURRENCY'),
      maxAttempts: num('JOB_MAX_ATTEMPTS'),
      leaseSeconds: num('JOB_LEASE_SECONDS'),
      backoffBaseMs: num('JOB_BACKOFF_BASE_MS'),
      backoffMaxMs: num('JOB_BACKOFF_MAX_MS'),
    },
    tasks: {
      leaseSeconds: num('TASK_LEASE_SECONDS'),
      maxAttempts: num('TASK_MAX_ATTEMPTS'),
      defaultTimeoutMs: num('TASK_DEFAULT_TIMEOUT_MS'),
      maxTimeoutMs: num('TASK_MAX_TIMEOUT_MS'),
      ...optional('callbackSecret', str('TASK_CALLBACK_SECRET')),
      callbackAllowPrivateNetwork: flag('TASK_CALLBACK_ALLOW_PRIVATE_NETWORK'),
    },
    ...optional('telegram', telegram),
    pairing: flag('PAIRING'),
    approvals: { prompterCanApprove: flag('PROMPTER_CAN_APPROVE'), timeoutMs: num('APPROVAL_TIMEOUT_MS') },
    dashboardSessionMinutes: num('DASHBOARD_SESSION_MINUTES'),
    leaderLeaseSeconds: num('LEADER_LEASE_SECONDS'),
    retention: {
      sessionDays: num('RETENTION_SESSION_DAYS'),
      artifactDays: num('RETENTION_ARTIFACT_DAYS'),
      auditDays: num('RETENTION_AUDIT_DAYS'),
      jobDays: num('RETENTION_JOB_DAYS'),
      taskHours: num('RETENTION_TASK_HOURS'),
      intervalSeconds: num('RETENTION_INTERVAL_SECONDS'),
      explicit: {
        session: explicit('RETENTION_SESSION_DAYS'),
        artifact: explicit('RETENTION_ARTIFACT_DAYS'),
        audit: explicit('RETENTION_AUDIT_DAYS'),
        job: explicit('RETENTION_JOB_DAYS'),
      },
    },
  };
}

const TELEGRAM_TOKEN = /^\d{3,20}:[A-Za-z0-9_-]{30,}$/;
const TELEGRAM_SECRET = /^[A-Za-z0-9_-]{1,256}$/;

/** The Telegram channel, or undefined when no bot token is set (then no other TELEGRAM_* may be). */
function telegramConfig(
  str: (name: string) => string | undefined,
  num: (name: string) => number,
  problem: (name: string, message: string) => void,
): TelegramConfig | undefined {
  const token = str('TELEGRAM_BOT_TOKEN');
  const mode = (str('TELEGRAM_MODE') ?? 'polling') as TelegramConfig['mode'];
  const webhookSecret = str('TELEGRAM_WEBHOOK_SECRET');
  const publicUrl = str('TELEGRAM_PUBLIC_URL');
  const apiRoot = (str('TELEGRAM_API_ROOT') ?? 'https://api.telegram.org').replace(/\/+$/, '');
  if (token === undefined) {
    if (webhookSecret !== undefined) problem('TELEGRAM_WEBHOOK_SECRET', 'is set, but TELEGRAM_BOT_TOKEN is not.');
    if (publicUrl !== undefined) problem('TELEGRAM_PUBLIC_URL', 'is set, but TELEGRAM_BOT_TOKEN is not.');
    return undefined;
  }
  if (!TELEGRAM_TOKEN.test(token)) problem('TELEGRAM_BOT_TOKEN', 'does not look like a bot token from @BotFather (digits, a colon, then at least 30 letters, digits, _ or -).');
  if (webhookSecret !== undefined && !TELEGRAM_SECRET.test(webhookSecret)) problem('TELEGRAM_WEBHOOK_SECRET', 'may hold only letters, digits, _ and - (at most 256), as Telegram requires.');
  if (mode === 'webhook') {
    if (webhookSecret === undefined) problem('TELEGRAM_MODE', 'is webhook, which needs TELEGRAM_WEBHOOK_SECRET.');
    if (publicUrl === undefined) problem('TELEGRAM_MODE', 'is webhook, which needs TELEGRAM_PUBLIC_URL.');
  } else if (publicUrl !== undefined) {
    problem('TELEGRAM_PUBLIC_URL', 'is set, but TELEGRAM_MODE is polling; set TELEGRAM_MODE=webhook or remove it.');
  }
  if (publicUrl !== undefined) {
    const url = new URL(publicUrl);
    if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') problem('TELEGRAM_PUBLIC_URL', 'must be a plain base URL without credentials, query or fragment.');
  }
  const root = new URL(apiRoot);
  if (root.protocol === 'http:' && privateAddressRefusal(root.hostname.replace(/^\[|\]$/g, '')) !== undefined) problem('TELEGRAM_API_ROOT', 'may use http only for a server on this machine or a private network; use https.');
  if (root.username !== '' || root.password !== '' || root.search !== '') problem('TELEGRAM_API_ROOT', 'must be a plain base URL without credentials or query.');
  return {
    token,
    mode,
    ...optional('webhookSecret', webhookSecret),
    ...optional('publicUrl', publicUrl?.replace(/\/+$/, '')),
    apiRoot,
    pollTimeoutSeconds: num('TELEGRAM_POLL_TIMEOUT_SECONDS'),
  };
}

/**
 * Why an OpenCode URL is not private, or undefined when it is. Names other than localhost are
 * resolved when the gateway starts (see runtime/opencode-url.ts); here only what the URL says.
 */
export function opencodeUrlRefusal(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not an absolute URL.';
  }
  if (url.username !== '' || url.password !== '') return 'must not carry credentials; use OPENCODE_PASSWORD.';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === '0.0.0.0' || host === '::' || host === '*' || host === '') return `names a wildcard address (${url.host}); OpenCode must stay private.`;
  return privateAddressRefusal(host);
}

/** Undefined when `host` (an IP literal or localhost) is loopback or private; otherwise why not. */
export function privateAddressRefusal(host: string): string | undefined {
  if (host === 'localhost' || host.endsWith('.localhost')) return undefined;
  const ipv4 = /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
  if (!ipv4 && !host.includes(':')) return undefined; // a name: resolved and checked at start
  const kind = classifyAddress(host)?.kind ?? 'invalid';
  if (kind === 'loopback' || kind === 'private') return undefined;
  if (kind === 'unspecified') return `names a wildcard address (${host}); OpenCode must stay private.`;
  return `is ${kind === 'public' ? 'a public address' : `a ${kind} address`} (${host}); OpenCode must stay on this machine or a private network.`;
}

/**
 * The sessions' workspace is what the sandboxed runtime may read and write. It must not be the
 * gateway's own folder or hold its store or the runtime's private files: the runtime's sandbox
 * covers DATA_DIR but what a workspace shows, so such a workspace would hand them to the agent.
 */
export function workspaceExposure(workspace: string, dataDir: string): string | undefined {
  const inside = (parent: string, child: string): boolean => {
    const relative = path.relative(parent, child);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  };
  if (workspace === dataDir) return `is DATA_DIR itself (${dataDir}); use a folder of its own, e.g. the default DATA_DIR/workspace.`;
  for (const own of ['store', 'runtime']) {
    if (inside(path.join(dataDir, own), workspace)) return `is inside DATA_DIR/${own} (${path.join(dataDir, own)}), which the runtime must not see.`;
  }
  return undefined;
}

function defaultDataDir(options: LoadGatewayConfigOptions): string {
  const xdg = options.env['XDG_DATA_HOME'];
  const base = xdg !== undefined && xdg.trim() !== '' ? xdg : path.join(options.homeDir ?? homedir(), '.local', 'share');
  return path.join(base, 'open-cowork-gateway');
}

function readable(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export type { VariableSpec };
