// app.exportDiagnostics: one JSON document for a support request. It is built from what the
// host already shows (app.diagnostics, providers.list, capabilities.list, settings.get) plus
// the effective config, and made safe in two passes:
//   1. by structure: every value at a secret pointer of the config is masked (isSecretPointer),
//      a value that came from an {env:NAME} placeholder shows the placeholder, credentials
//      appear as the names of the keys that are set, MCP servers by name and status only;
//   2. by content: every free-text string (the config's values, log lines, status reasons,
//      errors, paths) goes through the sanitizer (every known secret value, token shapes, the
//      home folder as `~`), so a secret that slipped into a log line, a status reason or an
//      unexpected config field is blanked out too.
// The result is kept under `maxBytes` (as pretty-printed JSON): the oldest log lines go
// first, then the config.
import type { LoadResult } from '@open-cowork/config';
import { isSecretPointer, MASK } from '@open-cowork/config';
import type { DiagnosticLogLine, Diagnostics, DiagnosticsBundle, McpInfo, Provider, Settings, TelemetryStatus } from '@open-cowork/contracts';
import type { HandlersFor } from '../dispatch/handlers.js';
import type { RecentLogs } from '../log/index.js';
import { tildeHome } from '../log/recent.js';
import { systemClock, type Clock } from '../ports/clock.js';
import type { CredentialsView } from '../settings/index.js';
import type { Sanitizer } from '../telemetry/index.js';

/** The bundle's size cap, in bytes of pretty-printed JSON. */
export const DIAGNOSTICS_MAX_BYTES = 1_000_000;
export const DIAGNOSTICS_FORMAT = 'open-cowork-diagnostics/1';

export interface DiagnosticsExportOptions {
  readonly load: Pick<LoadResult, 'config' | 'placeholders' | 'layers'>;
  /** app.diagnostics (versions, runtime status, data folder). */
  readonly diagnostics: () => Promise<Diagnostics>;
  /** Every recent log line kept (already redacted once when stored). */
  readonly logs: Pick<RecentLogs, 'lines'>;
  readonly settings: () => Promise<Settings>;
  readonly credentials: () => Promise<CredentialsView>;
  /** providers.list's providers. */
  readonly providers: () => Promise<readonly Provider[]>;
  /** capabilities.list's MCP servers. */
  readonly mcps: () => Promise<readonly McpInfo[]>;
  readonly telemetry: () => TelemetryStatus;
  /** Blanks out known secrets and token shapes, and shows the home folder as `~`. */
  readonly sanitizer: Sanitizer;
  /** Brings the sanitizer's known secrets up to date first (stored credentials, custom MCP values). */
  readonly refreshSecrets?: () => Promise<void>;
  readonly homeDir?: string;
  readonly maxBytes?: number;
  readonly clock?: Clock;
}

export function diagnosticsExportHandlers(options: DiagnosticsExportOptions): HandlersFor<'app.exportDiagnostics'> {
  return { 'app.exportDiagnostics': () => exportDiagnostics(options) };
}

export async function exportDiagnostics(options: DiagnosticsExportOptions): Promise<DiagnosticsBundle> {
  const clock = options.clock ?? systemClock;
  await options.refreshSecrets?.().catch(() => undefined);
  const [diagnostics, settings, credentials, providers, mcps] = await Promise.all([
    options.diagnostics(),
    options.settings(),
    options.credentials(),
    options.providers().catch(() => [] as Provider[]),
    options.mcps().catch(() => [] as McpInfo[]),
  ]);
  // Free text is cleaned; names, ids and enumerations are left as they are (a secret that
  // happens to equal "local" must not turn a field into something the contract refuses).
  const clean = options.sanitizer;
  const telemetry = options.telemetry();
  const bundle: DiagnosticsBundle = {
    format: DIAGNOSTICS_FORMAT,
    generatedAt: new Date(clock.now()).toISOString(),
    versions: diagnostics.versions,
    runtime: {
      ...diagnostics.runtime,
      ...(diagnostics.runtime.reason === undefined ? {} : { reason: clean.text(diagnostics.runtime.reason) }),
    },
    dataDir: clean.text(diagnostics.dataDir),
    config: clean.value(maskedConfig(options.load.config, options.load.placeholders)),
    configLayers: options.load.layers.map((layer) => ({
      kind: layer.kind,
      file: clean.text(tildeHome(layer.file, options.homeDir)),
      status: layer.status,
      issues: layer.issues.length,
    })),
    settings,
    credentials: { providers: keysSet(credentials.providers), mcps: keysSet(credentials.mcps) },
    providers: providers.map((provider) => ({
      id: provider.id,
      connected: provider.connected,
      models: provider.models.length,
      ...(provider.catalog === undefined
        ? {}
        : { catalog: { ...provider.catalog, ...(provider.catalog.problem === undefined ? {} : { problem: clean.text(provider.catalog.problem) }) } }),
    })),
    mcps: mcps.map((mcp) => ({
      name: mcp.name,
      source: mcp.source,
      type: mcp.type,
      status: mcp.status,
      ...(mcp.error === undefined ? {} : { error: clean.text(mcp.error) }),
      configured: mcp.configured,
    })),
    telemetry: {
      ...telemetry,
      directory: clean.text(telemetry.directory),
      forwarding: {
        ...telemetry.forwarding,
        ...(telemetry.forwarding.problem === undefined ? {} : { problem: clean.text(telemetry.forwarding.problem) }),
      },
    },
    logs: options.logs.lines().map((line): DiagnosticLogLine => ({ ...line, message: clean.text(line.message) })),
    truncated: { logLines: 0, config: false },
  };
  return capSize(bundle, options.maxBytes ?? DIAGNOSTICS_MAX_BYTES);
}

/**
 * The effective config for people: a secret shows as the mask (with the placeholder that
 * supplied it, if any); any other value that came from a placeholder shows the placeholder.
 */
export function maskedConfig(config: unknown, placeholders: ReadonlyMap<string, string>): unknown {
  const walk = (value: unknown, pointer: string): unknown => {
    if (typeof value === 'string') {
      const template = placeholders.get(pointer);
      if (isSecretPointer(pointer)) {
        if (value === '' && template === undefined) return value;
        const names = template === undefined ? [] : [...template.matchAll(/\{env:[A-Z_][A-Z0-9_]*\}/g)].map((match) => match[0]);
        return names.length === 0 ? MASK : `${MASK} (${names.join(' ')})`;
      }
      return template ?? value;
    }
    if (Array.isArray(value)) return value.map((item, index) => walk(item, `${pointer}/${index}`));
    if (typeof value === 'object' && value !== null) {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) out[key] = walk(child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      return out;
    }
    return value;
  };
  return walk(config, '');
}

function keysSet(table: CredentialsView['providers']): Record<string, string[]> {
  return Object.fromEntries(Object.entries(table).map(([id, fields]) => [id, Object.keys(fields).sort()]));
}

function sizeOf(bundle: DiagnosticsBundle): number {
  return Buffer.byteLength(JSON.stringify(bundle, null, 2), 'utf8');
}

/** Under `maxBytes`: the fewest oldest log lines cut, then the config left out if still needed. */
function capSize(bundle: DiagnosticsBundle, maxBytes: number): DiagnosticsBundle {
  if (sizeOf(bundle) <= maxBytes) return bundle;
  const all = bundle.logs;
  const withLast = (keep: number): DiagnosticsBundle => ({
    ...bundle,
    logs: keep === 0 ? [] : all.slice(-keep),
    truncated: { ...bundle.truncated, logLines: all.length - keep },
  });
  // The most lines that fit (binary search; zero when nothing does).
  let low = 0;
  let high = all.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (sizeOf(withLast(mid)) <= maxBytes) low = mid;
    else high = mid - 1;
  }
  const cut = withLast(low);
  if (sizeOf(cut) <= maxBytes) return cut;
  return { ...cut, config: { omitted: 'The config was too large for the bundle; run `open-cowork config print` on the machine instead.' }, truncated: { ...cut.truncated, config: true } };
}
