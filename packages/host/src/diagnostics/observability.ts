// The host's observability parts in one place, so the composition root only wires them:
// dynamic model catalogs, telemetry (with the handler wrapper and the runtime listener), the
// known secrets and the sanitizer both telemetry and the diagnostics export clean with.
import type { LoadResult, OpenCoworkConfig } from '@open-cowork/config';
import type { Diagnostics, McpInfo, Provider, RuntimeStatus } from '@open-cowork/contracts';
import { DynamicCatalogs, type CatalogFetchOptions } from '../providers/catalogs/index.js';
import type { CallHooks } from '../dispatch/index.js';
import type { HandlersFor } from '../dispatch/handlers.js';
import type { Logger, RecentLogs } from '../log/index.js';
import type { Clock } from '../ports/clock.js';
import type { OpenedCustomMcp } from '../mcps/store.js';
import type { SettingsStore } from '../settings/store.js';
import {
  createSanitizer,
  KnownSecrets,
  runtimeStatusRecorder,
  startedEvent,
  Telemetry,
  type Sanitizer,
  type TelemetryOptions,
} from '../telemetry/index.js';
import { diagnosticsExportHandlers } from './export.js';
import { hostPackageVersion } from '../version.js';

/** What a host's creator may tune (tests point the network at local servers with a test CA). */
export interface ObservabilityHostOptions {
  readonly catalogs?: { readonly network?: CatalogFetchOptions['network']; readonly timeoutMs?: number };
  readonly telemetry?: { readonly disabled?: boolean; readonly forwarding?: TelemetryOptions['forwarding'] };
}

export interface ObservabilityOptions extends ObservabilityHostOptions {
  readonly config: OpenCoworkConfig;
  readonly load: Pick<LoadResult, 'config' | 'placeholders' | 'layers'>;
  readonly dataDir: string;
  readonly homeDir: string;
  readonly logger: Logger;
  readonly clock: Clock;
  /** The app version for "app.started"; default: this package's. */
  readonly version?: string;
  readonly settings: Pick<SettingsStore, 'get' | 'runtimeSettings' | 'credentials' | 'onChange'>;
  readonly customMcps: () => Promise<readonly OpenedCustomMcp[]>;
  /** The runtime's redactor (knows the per-boot password). */
  readonly redact: (text: string) => string;
  readonly onRuntimeStatus: (listener: (status: RuntimeStatus) => void) => () => void;
  /** The model a prompt without one uses, for "prompt.sent". */
  readonly defaultModel: () => Promise<string | undefined>;
}

export interface ExportSources {
  readonly diagnostics: () => Promise<Diagnostics>;
  readonly logs: Pick<RecentLogs, 'lines'>;
  readonly providers: () => Promise<readonly Provider[]>;
  readonly mcps: () => Promise<readonly McpInfo[]>;
}

/** Methods after which the known secrets are read again (a custom MCP's headers or environment changed). */
const SECRET_CHANGING: ReadonlySet<string> = new Set(['mcps.add', 'mcps.update', 'mcps.remove']);

export class Observability {
  readonly catalogs: DynamicCatalogs;
  readonly telemetry: Telemetry;
  readonly secrets: KnownSecrets;
  readonly sanitizer: Sanitizer;
  readonly #options: ObservabilityOptions;
  readonly #disposers: Array<() => void> = [];

  constructor(options: ObservabilityOptions) {
    this.#options = options;
    this.secrets = new KnownSecrets({
      config: options.config,
      placeholders: options.load.placeholders,
      plainCredentials: () => options.settings.runtimeSettings(),
      credentialViews: () => options.settings.credentials(),
      customMcps: options.customMcps,
    });
    this.sanitizer = createSanitizer({ secrets: () => this.secrets.values(), redact: options.redact, homeDir: options.homeDir });
    this.catalogs = new DynamicCatalogs({
      config: options.config,
      dir: DynamicCatalogs.dirOf(options.dataDir),
      logger: options.logger,
      clock: options.clock,
      ...(options.catalogs?.network === undefined ? {} : { network: options.catalogs.network }),
      ...(options.catalogs?.timeoutMs === undefined ? {} : { timeoutMs: options.catalogs.timeoutMs }),
    });
    this.telemetry = new Telemetry({
      config: options.config.telemetry,
      dataDir: options.dataDir,
      sanitizer: this.sanitizer,
      logger: options.logger,
      runId: options.logger.runId,
      homeDir: options.homeDir,
      clock: options.clock,
      ...(options.telemetry?.disabled === undefined ? {} : { disabled: options.telemetry.disabled }),
      ...(options.telemetry?.forwarding === undefined ? {} : { forwarding: options.telemetry.forwarding }),
    });
    this.#disposers.push(options.settings.onChange(() => void this.secrets.refresh()));
    this.#disposers.push(options.onRuntimeStatus(runtimeStatusRecorder(this.telemetry)));
    this.telemetry.start();
    // The stored secrets are read before the first event is recorded.
    const version = options.version ?? hostPackageVersion();
    void this.secrets.refresh().then(() => this.telemetry.record('app.started', startedEvent(version)));
  }

  /** app.exportDiagnostics. */
  exportHandlers(sources: ExportSources): HandlersFor<'app.exportDiagnostics'> {
    return diagnosticsExportHandlers({
      load: this.#options.load,
      ...sources,
      settings: () => this.#options.settings.get(),
      credentials: () => this.#options.settings.credentials(),
      telemetry: () => this.telemetry.status(),
      sanitizer: this.sanitizer,
      refreshSecrets: () => this.secrets.refresh(),
      homeDir: this.#options.homeDir,
      clock: this.#options.clock,
    });
  }

  /** The model a prompt without one uses, for telemetry's "prompt.sent". */
  get defaultModel(): () => Promise<string | undefined> {
    return this.#options.defaultModel;
  }

  /** Dispatcher hooks: a custom MCP change refreshes the known secrets before the call answers. */
  secretsHooks(): CallHooks {
    return {
      after: async (call) => {
        if (SECRET_CHANGING.has(call.method)) await this.secrets.refresh();
      },
    };
  }

  /** Stops fetches and forwarding, writes what telemetry still holds. */
  async stop(): Promise<void> {
    for (const dispose of this.#disposers.splice(0)) dispose();
    this.catalogs.dispose();
    await this.telemetry.stop();
  }
}

