// Every OPEN_COWORK_STANDALONE_GATEWAY_* variable the gateway reads: its kind, default and
// meaning. This table is the only list; the loader validates from it and docs/gateway.md's
// configuration table is generated from it (scripts/generate-docs.ts, checked by a test).

export const PREFIX = 'OPEN_COWORK_STANDALONE_GATEWAY_';

export type VariableKind =
  | { readonly type: 'string' }
  | { readonly type: 'secret'; readonly minLength: number }
  | { readonly type: 'integer'; readonly min: number; readonly max: number }
  | { readonly type: 'boolean' }
  | { readonly type: 'url'; readonly protocols: readonly string[] }
  | { readonly type: 'cidrs' }
  | { readonly type: 'enum'; readonly values: readonly string[] }
  | { readonly type: 'path' }
  | { readonly type: 'names' };

export interface VariableSpec {
  /** The name without the prefix, e.g. `PORT`. */
  readonly name: string;
  readonly kind: VariableKind;
  /** Shown in the docs; undefined means "unset" (the description says what that does). */
  readonly default?: string;
  readonly description: string;
  /** Read only from the environment (where the file config comes from). */
  readonly envOnly?: boolean;
}

const int = (min: number, max: number): VariableKind => ({ type: 'integer', min, max });
const bool: VariableKind = { type: 'boolean' };
const DAY_MAX = 36_500;

export const VARIABLES: readonly VariableSpec[] = [
  { name: 'CONFIG', kind: { type: 'path' }, envOnly: true, description: 'A JSON or JSONC file holding a flat object of these variables. Environment values win over the file.' },
  { name: 'CONFIG_JSON', kind: { type: 'string' }, envOnly: true, description: 'The same object inline, as JSON text. Applied over CONFIG; environment values still win.' },
  { name: 'DEPLOYMENT_MODE', kind: { type: 'enum', values: ['solo', 'team', 'enterprise'] }, default: 'solo', description: 'solo: one machine. team and enterprise require STORE=postgres with verified TLS.' },
  { name: 'STORE', kind: { type: 'enum', values: ['postgres', 'embedded', 'memory'] }, description: 'Where state lives. Default: postgres when DATABASE_URL is set, otherwise embedded (PGlite in DATA_DIR). memory loses everything on exit (development only).' },
  { name: 'DATA_DIR', kind: { type: 'path' }, description: 'The gateway\'s folder: the embedded store, its lock file, the managed runtime\'s home and the default workspace. Default: $XDG_DATA_HOME/open-cowork-gateway (~/.local/share/open-cowork-gateway).' },
  { name: 'DATABASE_URL', kind: { type: 'url', protocols: ['postgres:', 'postgresql:'] }, description: 'PostgreSQL connection URL (postgres://user:password@host:5432/db). Never printed.' },
  { name: 'DATABASE_SSL', kind: bool, default: 'false', description: 'Connect to PostgreSQL over TLS.' },
  { name: 'DATABASE_SSL_REJECT_UNAUTHORIZED', kind: bool, default: 'true', description: 'Verify the server certificate (required for team and enterprise).' },
  { name: 'DATABASE_SSL_CA_PATH', kind: { type: 'path' }, description: 'PEM file of the CA that signed the server certificate.' },
  { name: 'DATABASE_SSL_CERT_PATH', kind: { type: 'path' }, description: 'PEM client certificate (optional).' },
  { name: 'DATABASE_SSL_KEY_PATH', kind: { type: 'path' }, description: 'PEM client key (optional; with DATABASE_SSL_CERT_PATH).' },
  { name: 'DATABASE_POOL_MAX', kind: int(2, 200), default: '10', description: 'Connections the PostgreSQL pool may open.' },
  { name: 'ADMIN_TOKEN', kind: { type: 'secret', minLength: 32 }, description: 'Bearer token for /metrics, /ready details and admin routes. At least 32 characters, not a placeholder. Required by serve.' },
  { name: 'HOST', kind: { type: 'string' }, default: '127.0.0.1', description: 'Address the HTTP server binds to.' },
  { name: 'PORT', kind: int(0, 65_535), default: '8795', description: 'HTTP port (0: any free port, printed on start).' },
  { name: 'TRUST_PROXY_HEADERS', kind: bool, default: 'false', description: 'Take the client address from X-Forwarded-For when the connection comes from TRUSTED_PROXY_CIDRS.' },
  { name: 'TRUSTED_PROXY_CIDRS', kind: { type: 'cidrs' }, default: '', description: 'Comma-separated CIDRs of the reverse proxies whose X-Forwarded-For is believed (e.g. 10.0.0.5/32). Required with TRUST_PROXY_HEADERS.' },
  { name: 'RATE_LIMIT_FAILURES', kind: int(1, 100_000), default: '20', description: 'Failed authentications per source address per minute before that source gets 429 (a valid credential is never refused).' },
  { name: 'OPENCODE_URL', kind: { type: 'url', protocols: ['http:', 'https:'] }, description: 'An existing private OpenCode server (loopback or private address only). Unset: the gateway starts and manages its own.' },
  { name: 'OPENCODE_PASSWORD', kind: { type: 'secret', minLength: 1 }, description: 'Basic-auth password of the server at OPENCODE_URL (user "opencode").' },
  { name: 'OPENCODE_WORKSPACE', kind: { type: 'path' }, description: 'Folder the OpenCode sessions work in, and the only folder of yours the sandboxed runtime sees. Not DATA_DIR itself, nor inside DATA_DIR/store or DATA_DIR/runtime. Default: DATA_DIR/workspace.' },
  { name: 'OPENCODE_MODEL', kind: { type: 'string' }, description: 'provider/model for prompts. Default: the Open Cowork configuration\'s default model.' },
  { name: 'OPENCODE_EXECUTION_TIMEOUT_MS', kind: int(1_000, 86_400_000), default: '600000', description: 'A prompt still running after this long is aborted and recorded as failed.' },
  { name: 'WEBHOOK_SHARED_SECRET', kind: { type: 'secret', minLength: 32 }, description: 'HMAC-SHA256 key of the signed webhook channel (both directions). Unset: the channel is off.' },
  { name: 'WEBHOOK_PROVIDER_IDS', kind: { type: 'names' }, default: 'webhook', description: 'Comma-separated provider ids accepted at POST /webhooks/<providerId>.' },
  { name: 'WEBHOOK_DELIVERY_URL', kind: { type: 'url', protocols: ['http:', 'https:'] }, description: 'Where replies are POSTed (https, or http to this machine). Checked by the SSRF guard on every delivery.' },
  { name: 'WEBHOOK_DELIVERY_ALLOW_PRIVATE_NETWORK', kind: bool, default: 'false', description: 'Let WEBHOOK_DELIVERY_URL resolve to a private-network address (metadata addresses stay refused).' },
  { name: 'WEBHOOK_MESSAGE_LIMIT', kind: int(64, 1_000_000), default: '4000', description: 'Longest reply chunk in characters; longer replies are split on paragraph and code-fence boundaries.' },
  { name: 'TELEGRAM_BOT_TOKEN', kind: { type: 'secret', minLength: 30 }, description: 'The bot token from @BotFather (digits:letters). Unset: the Telegram channel is off.' },
  { name: 'TELEGRAM_MODE', kind: { type: 'enum', values: ['polling', 'webhook'] }, default: 'polling', description: 'polling: the leader asks Telegram for updates (no public address needed). webhook: Telegram POSTs updates to TELEGRAM_PUBLIC_URL/telegram/webhook.' },
  { name: 'TELEGRAM_WEBHOOK_SECRET', kind: { type: 'secret', minLength: 32 }, description: 'Webhook mode: the secret Telegram sends in X-Telegram-Bot-Api-Secret-Token (letters, digits, _ and -; at most 256). Required in webhook mode.' },
  { name: 'TELEGRAM_PUBLIC_URL', kind: { type: 'url', protocols: ['https:'] }, description: 'Webhook mode: the public https base URL of this gateway (behind your reverse proxy); the webhook is registered at <this>/telegram/webhook.' },
  { name: 'TELEGRAM_API_ROOT', kind: { type: 'url', protocols: ['http:', 'https:'] }, default: 'https://api.telegram.org', description: 'Base URL of the Bot API (a self-hosted Bot API server, or a local fake in tests). http only to this machine.' },
  { name: 'TELEGRAM_POLL_TIMEOUT_SECONDS', kind: int(0, 50), default: '30', description: 'Polling mode: how long one getUpdates call waits for updates (long polling).' },
  { name: 'PAIRING', kind: bool, default: 'off', description: 'on: an unknown sender gets a one-time pairing code (8 characters, valid 1 hour) that an operator approves with "open-cowork-gateway pairing approve". off: unknown senders are denied silently.' },
  { name: 'PROMPTER_CAN_APPROVE', kind: bool, default: 'false', description: 'Let the member whose prompt asked for a permission or question answer it. Owners, admins and approvers of the provider workspace always may.' },
  { name: 'APPROVAL_TIMEOUT_MS', kind: int(5_000, 86_400_000), default: '300000', description: 'A permission request or question sent to a chat and not answered within this long is denied.' },
  { name: 'DASHBOARD_SESSION_MINUTES', kind: int(5, 1_440), default: '480', description: 'How long a dashboard sign-in (a cookie, after the admin token was entered once) stays valid.' },
  { name: 'WORKER_CONCURRENCY', kind: int(1, 64), default: '4', description: 'Jobs one process works at once.' },
  { name: 'JOB_MAX_ATTEMPTS', kind: int(1, 100), default: '5', description: 'Attempts before a job is dead.' },
  { name: 'JOB_LEASE_SECONDS', kind: int(2, 3_600), default: '30', description: 'A claimed job\'s lease; heartbeats renew it, and a lease left to expire is reclaimed.' },
  { name: 'JOB_BACKOFF_BASE_MS', kind: int(10, 3_600_000), default: '2000', description: 'First retry delay; doubles per attempt.' },
  { name: 'JOB_BACKOFF_MAX_MS', kind: int(10, 86_400_000), default: '300000', description: 'Longest retry delay.' },
  { name: 'TASK_LEASE_SECONDS', kind: int(2, 3_600), default: '30', description: 'A runner\'s lease on a task; its heartbeats renew it. A lease left to expire puts the task back in the queue, its attempt counted.' },
  { name: 'TASK_MAX_ATTEMPTS', kind: int(1, 100), default: '3', description: 'Leases a task may lose (its runner stopped or vanished) before it fails for good.' },
  { name: 'TASK_DEFAULT_TIMEOUT_MS', kind: int(1_000, 86_400_000), default: '600000', description: 'How long a runner lets a task run when the submission names no timeoutMs.' },
  { name: 'TASK_MAX_TIMEOUT_MS', kind: int(1_000, 86_400_000), default: '3600000', description: 'The largest timeoutMs a submission may ask for.' },
  { name: 'TASK_CALLBACK_SECRET', kind: { type: 'secret', minLength: 32 }, description: 'HMAC-SHA256 key that signs task callbacks sent to URLs. Unset: submissions with a URL callback are refused.' },
  { name: 'TASK_CALLBACK_ALLOW_PRIVATE_NETWORK', kind: bool, default: 'false', description: 'Let task callback URLs resolve to a private-network address (metadata addresses stay refused).' },
  { name: 'LEADER_LEASE_SECONDS', kind: int(2, 3_600), default: '30', description: 'The daemon lease that decides which replica runs retention and Telegram polling.' },
  { name: 'RETENTION_SESSION_DAYS', kind: int(1, DAY_MAX), default: '90', description: 'Idle, failed or completed sessions (with their events) older than this are deleted.' },
  { name: 'RETENTION_ARTIFACT_DAYS', kind: int(1, DAY_MAX), default: '90', description: 'Artifact metadata older than this is deleted.' },
  { name: 'RETENTION_AUDIT_DAYS', kind: int(1, DAY_MAX), default: '365', description: 'Audit rows older than this are deleted.' },
  { name: 'RETENTION_JOB_DAYS', kind: int(1, DAY_MAX), default: '30', description: 'Completed, failed, dead or cancelled jobs older than this are deleted.' },
  { name: 'RETENTION_TASK_HOURS', kind: int(1, 876_000), default: '168', description: 'Finished tasks (their results and event logs) are deleted this long after they finished, acknowledged or not. Pending and running tasks are never deleted.' },
  { name: 'RETENTION_INTERVAL_SECONDS', kind: int(10, 604_800), default: '3600', description: 'How often the leader runs a retention pass.' },
];

export const VARIABLE_NAMES: ReadonlySet<string> = new Set(VARIABLES.map((v) => PREFIX + v.name));
