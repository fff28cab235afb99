// Which host events telemetry records, and nothing more: the app starting (versions), the
// runtime changing state, a session created and a prompt sent (ids and the model, never the
// text or files), MCP servers added or removed (by name), and failed calls (method and error
// code). It attaches to the dispatcher as hooks: it records after the call and never changes
// what the call answers.
import { HOST_CONTRACT_VERSION, type HostMethodName, type RuntimeStatus } from '@open-cowork/contracts';
import type { CallHooks } from '../dispatch/index.js';
import type { Telemetry } from './telemetry.js';

type Recorder = Pick<Telemetry, 'record'>;

export interface ObserveOptions {
  /** The model a prompt without one uses (the settings' or the config's), as "provider/model". */
  readonly defaultModel?: () => Promise<string | undefined>;
}

/** The dispatcher hooks that record calls: what succeeded (see afterCall) and what failed (method and code). */
export function telemetryHooks(telemetry: Recorder, options: ObserveOptions = {}): CallHooks {
  return {
    after: (call, result) => afterCall(call.method as HostMethodName, call.params, result, telemetry, options),
    error: (call, error) => {
      const code = (error as { code?: unknown } | null)?.code;
      telemetry.record('host.error', { method: call.method, code: typeof code === 'string' ? code : 'INTERNAL' });
    },
  };
}

function afterCall(method: HostMethodName, params: unknown, result: unknown, telemetry: Recorder, options: ObserveOptions): void {
  const p = (params ?? {}) as Record<string, unknown>;
  const r = (result ?? {}) as Record<string, unknown>;
  switch (method) {
    case 'sessions.create':
      telemetry.record('session.created', { sessionId: r['id'], workspaceId: p['workspaceId'] });
      return;
    case 'sessions.prompt': {
      const base = {
        sessionId: p['sessionId'],
        ...(typeof p['agent'] === 'string' ? { agent: p['agent'] } : {}),
        files: Array.isArray(p['files']) ? p['files'].length : 0,
      };
      if (typeof p['model'] === 'string') {
        telemetry.record('prompt.sent', { ...base, model: p['model'] });
        return;
      }
      const resolve = options.defaultModel ?? (async () => undefined);
      void resolve()
        .catch(() => undefined)
        .then((model) => telemetry.record('prompt.sent', { ...base, ...(model === undefined ? {} : { model }) }));
      return;
    }
    case 'mcps.add':
      telemetry.record('mcp.added', { name: r['name'] ?? (p['mcp'] as Record<string, unknown> | undefined)?.['name'] });
      return;
    case 'mcps.remove':
      telemetry.record('mcp.removed', { name: p['name'] });
      return;
    default:
      return;
  }
}

/** Records the runtime's state changes (a state, not every status update). Returns the listener. */
export function runtimeStatusRecorder(telemetry: Recorder): (status: RuntimeStatus) => void {
  let last: string | undefined;
  return (status) => {
    if (status.state === last) return;
    last = status.state;
    telemetry.record('runtime.status', {
      state: status.state,
      ...(status.code === undefined ? {} : { code: status.code }),
      ...(status.version === undefined ? {} : { opencode: status.version }),
      ...(status.attempt === undefined ? {} : { attempt: status.attempt }),
    });
  };
}

/** The "app.started" event's data. */
export function startedEvent(version: string, proc: { readonly version: string; readonly platform: string; readonly arch: string } = process): Record<string, unknown> {
  return { app: version, contract: HOST_CONTRACT_VERSION, node: proc.version.replace(/^v/, ''), platform: proc.platform, arch: proc.arch };
}
