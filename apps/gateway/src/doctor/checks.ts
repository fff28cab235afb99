// Doctor: stable check codes, each with a pass/fail and evidence made of booleans only (no
// paths, URLs, counts of secrets or certificate contents). Used by `doctor`, `GET /ready` and
// `setup`'s closing check.
import type { GatewayConfig } from '../config/load.js';
import { messageOf } from '../errors.js';
import type { OpencodeAccess } from '../runtime/opencode.js';
import type { Db } from '../store/db.js';
import { countPromptCapable } from '../store/identities.js';
import { migrationState } from '../store/migrations.js';
import { RuntimeSessions } from '@open-cowork/runtime';
import type { PollerState } from '../telegram/poller.js';

export const CheckCode = {
  ProductMode: 'GATEWAY_PRODUCT_MODE',
  AdminToken: 'GATEWAY_ADMIN_TOKEN',
  StoreReady: 'GATEWAY_STORE_READY',
  Migrations: 'GATEWAY_STORE_MIGRATIONS',
  DatabaseTls: 'GATEWAY_DATABASE_TLS',
  OpencodeHealth: 'GATEWAY_OPENCODE_HEALTH',
  Providers: 'GATEWAY_PROVIDERS_CONFIGURED',
  Identity: 'GATEWAY_IDENTITY_AUTHORIZATION',
  Retention: 'GATEWAY_RETENTION_POLICY',
  WebhookChannel: 'GATEWAY_WEBHOOK_CHANNEL',
  TelegramChannel: 'GATEWAY_TELEGRAM_CHANNEL',
} as const;
export type CheckCode = (typeof CheckCode)[keyof typeof CheckCode];

export interface Check {
  readonly code: CheckCode;
  readonly ok: boolean;
  /** One line for people; never a secret, path or URL. */
  readonly summary: string;
  readonly evidence: Readonly<Record<string, boolean>>;
}

export interface DoctorReport {
  readonly ok: boolean;
  readonly checks: readonly Check[];
}

export interface DoctorInput {
  readonly config: GatewayConfig;
  /** Undefined when the store could not be opened (`storeError` says why). */
  readonly db?: Db;
  readonly storeError?: string;
  /** Undefined when the runtime was not started (`opencodeError` says why). */
  readonly opencode?: OpencodeAccess;
  readonly opencodeError?: string;
  /** A serving gateway's Telegram state (undefined when asked from the CLI). */
  readonly telegram?: PollerState;
}

export async function runDoctor(input: DoctorInput): Promise<DoctorReport> {
  const { config, db } = input;
  const checks: Check[] = [];
  const team = config.mode !== 'solo';
  const postgres = config.store === 'postgres';
  checks.push({
    code: CheckCode.ProductMode,
    ok: !team || postgres,
    summary: `Deployment mode ${config.mode} with the ${config.store} store.`,
    evidence: { solo: config.mode === 'solo', team: config.mode === 'team', enterprise: config.mode === 'enterprise', postgresStore: postgres, embeddedStore: config.store === 'embedded', memoryStore: config.store === 'memory' },
  });
  checks.push({ code: CheckCode.AdminToken, ok: config.adminToken !== undefined, summary: config.adminToken === undefined ? 'No ADMIN_TOKEN: /metrics and /ready details are unavailable and serve refuses to start.' : 'An admin token is configured.', evidence: { configured: config.adminToken !== undefined } });
  checks.push({ code: CheckCode.StoreReady, ok: db !== undefined, summary: db !== undefined ? 'The store answers.' : `The store is not available: ${input.storeError ?? 'not opened'}`, evidence: { connected: db !== undefined } });

  let migrationsCurrent = false;
  if (db !== undefined) {
    try {
      const state = await migrationState(db);
      migrationsCurrent = state.pending.length === 0;
      checks.push({ code: CheckCode.Migrations, ok: migrationsCurrent, summary: migrationsCurrent ? `Schema is current (version ${state.applied}).` : `Schema is at ${state.applied}; run "open-cowork-gateway migrate" (pending: ${state.pending.join(', ')}).`, evidence: { current: migrationsCurrent, pending: state.pending.length > 0 } });
    } catch (error) {
      checks.push({ code: CheckCode.Migrations, ok: false, summary: `Could not read the schema version: ${messageOf(error)}`, evidence: { current: false, pending: false } });
    }
  } else {
    checks.push({ code: CheckCode.Migrations, ok: false, summary: 'Unknown: the store is not available.', evidence: { current: false, pending: false } });
  }

  const tls = config.databaseTls;
  const verified = tls.enabled && tls.rejectUnauthorized;
  checks.push({
    code: CheckCode.DatabaseTls,
    ok: !postgres || !team || verified,
    summary: !postgres ? 'Not applicable: the store is embedded.' : verified ? 'PostgreSQL over verified TLS.' : team ? `${config.mode} mode needs verified PostgreSQL TLS.` : 'PostgreSQL without verified TLS (allowed in solo mode).',
    evidence: { applicable: postgres, required: postgres && team, enabled: tls.enabled, rejectUnauthorized: tls.rejectUnauthorized, caConfigured: tls.caPath !== undefined, clientCertificateConfigured: tls.certPath !== undefined && tls.keyPath !== undefined },
  });

  const opencode = input.opencode;
  const healthy = opencode !== undefined && (await opencode.health());
  const sandbox = opencode?.sandbox();
  checks.push({
    code: CheckCode.OpencodeHealth,
    ok: healthy,
    summary: healthy
      ? `The private OpenCode runtime answers (${opencode.managed ? 'managed by the gateway' : 'external'}).${sandbox === undefined ? '' : ` ${sandbox.description}`}`
      : `OpenCode does not answer${input.opencodeError ? `: ${input.opencodeError}` : '.'}`,
    evidence: { healthy, managed: config.opencode.url === undefined, private: true, sandboxed: sandbox !== undefined && sandbox.strength !== 'none', sandboxStrong: sandbox?.strength === 'strong' },
  });
  let providers = false;
  if (healthy) {
    try {
      const catalog = await new RuntimeSessions(() => opencode.client(), { beforeCall: (folder) => opencode.prepareFor(folder) }).providers({ directory: config.opencode.workspace });
      providers = catalog.providers.some((provider) => provider.models.length > 0);
    } catch {
      providers = false;
    }
  }
  checks.push({ code: CheckCode.Providers, ok: providers, summary: providers ? 'OpenCode has a model provider.' : 'OpenCode has no usable model provider (configure one in the Open Cowork configuration).', evidence: { providerAvailable: providers } });

  let identities = false;
  if (db !== undefined && migrationsCurrent) identities = (await countPromptCapable(db).catch(() => 0)) > 0;
  checks.push({ code: CheckCode.Identity, ok: identities, summary: identities ? 'At least one identity may prompt.' : 'No owner, admin or member identity yet: every message is denied. Add one with "open-cowork-gateway identity upsert".', evidence: { promptCapableIdentity: identities } });

  const r = config.retention;
  const explicit = r.explicit.session && r.explicit.artifact && r.explicit.audit && r.explicit.job;
  checks.push({
    code: CheckCode.Retention,
    ok: !team || explicit,
    summary: explicit ? 'Every retention window is set explicitly.' : team ? `${config.mode} mode needs every RETENTION_*_DAYS set explicitly.` : 'Retention runs with default windows for the ones not set.',
    evidence: { sessionExplicit: r.explicit.session, artifactExplicit: r.explicit.artifact, auditExplicit: r.explicit.audit, jobExplicit: r.explicit.job },
  });
  const webhook = config.webhook;
  const telegram = config.telegram;
  checks.push({
    code: CheckCode.WebhookChannel,
    ok: webhook.secret !== undefined || telegram !== undefined,
    summary:
      webhook.secret === undefined
        ? telegram === undefined ? 'No channel is configured (set WEBHOOK_SHARED_SECRET or TELEGRAM_BOT_TOKEN).' : 'The signed webhook channel is off; Telegram is the channel.'
        : webhook.deliveryUrl === undefined ? 'Signed webhooks are accepted; replies are stored but not delivered (no WEBHOOK_DELIVERY_URL).' : 'Signed webhooks in, signed deliveries out.',
    evidence: { secretConfigured: webhook.secret !== undefined, deliveryConfigured: webhook.deliveryUrl !== undefined },
  });
  // Telegram: a serving gateway knows whether its last Bot API call worked; the CLI only checks the settings.
  const reached = input.telegram?.lastCallOk;
  checks.push({
    code: CheckCode.TelegramChannel,
    ok: telegram === undefined || reached !== false,
    summary:
      telegram === undefined ? 'Telegram is off (no TELEGRAM_BOT_TOKEN).'
        : reached === false ? 'The last Bot API call of this replica failed; see the log (telegram.poll.backoff or telegram.webhook.register_failed).'
          : `Telegram in ${telegram.mode} mode${reached === true ? '; the Bot API answers' : ''}.`,
    evidence: { configured: telegram !== undefined, webhookMode: telegram?.mode === 'webhook', pollingHere: input.telegram?.polling === true, lastCallOk: reached === true },
  });
  return { ok: checks.every((check) => check.ok), checks };
}
