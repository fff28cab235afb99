// The Settings switch for telemetry (settings.telemetry / settings.setTelemetry). The switch is
// the config's own telemetry.collect, written into the user's config file — the one layer the
// app writes — so a hand edit and the switch are the same thing. An administrator's value in the
// OS-managed file wins over that layer, so the switch is then shown locked and a write refused;
// so is a host whose embedding app forced telemetry off.
import type { LoadResult, OpenCoworkConfig } from '@open-cowork/config';
import { CodedError, HostErrorCode, type TelemetrySwitch } from '@open-cowork/contracts';
import type { HandlersFor } from '../dispatch/handlers.js';
import type { HostDispatcher } from '../dispatch/index.js';
import type { Logger } from '../log/index.js';
import { tildeHome } from '../log/recent.js';
import type { ConfigOutcome } from '../user-config/live-config.js';
import { writeTelemetryCollect } from '../user-config/user-file.js';
import type { Telemetry } from './telemetry.js';

export interface TelemetrySwitchDeps {
  readonly telemetry: Pick<Telemetry, 'enabled' | 'forcedOff' | 'setCollect'>;
  /** The effective config as it is now, with where each value came from. */
  readonly load: () => LoadResult;
  /** The user's config file; undefined when the host loaded no user layer. */
  readonly userFile: () => string | undefined;
  /** Loads every layer again after the file was written. */
  readonly reload: () => ConfigOutcome;
  readonly logger: Logger;
  readonly homeDir?: string;
}

const COLLECT_POINTER = '/telemetry/collect';

export function telemetrySwitchHandlers(deps: TelemetrySwitchDeps): HandlersFor<'settings.telemetry' | 'settings.setTelemetry'> {
  const current = (): TelemetrySwitch => {
    const lockedBy = deps.telemetry.forcedOff ? 'host' : deps.load().provenance.get(COLLECT_POINTER)?.layer.kind === 'managed' ? 'managed' : undefined;
    const file = deps.userFile();
    return {
      on: deps.telemetry.enabled,
      ...(lockedBy === undefined ? {} : { lockedBy }),
      ...(file === undefined ? {} : { file: tildeHome(file, deps.homeDir) }),
    };
  };
  return {
    async 'settings.telemetry'() {
      return current();
    },
    async 'settings.setTelemetry'({ on }) {
      const before = current();
      if (before.lockedBy !== undefined) {
        const who = before.lockedBy === 'managed' ? 'your administrator\'s managed config' : 'the app running this host';
        throw new CodedError(HostErrorCode.PermissionCeiling, `Telemetry is fixed ${before.on ? 'on' : 'off'} by ${who}; it cannot be changed here.`, {
          capability: 'telemetry',
          requested: on ? 'on' : 'off',
          ceiling: before.on ? 'on' : 'off',
        });
      }
      const file = deps.userFile();
      if (file === undefined) throw new CodedError(HostErrorCode.Conflict, 'This host has no user config file to keep the choice in.');
      await writeTelemetryCollect(file, on);
      const outcome = deps.reload();
      if (!outcome.applied) {
        const problems = outcome.problems.map((problem) => `${problem.pointer || '/'}: ${problem.message}`).join('; ');
        throw new CodedError(HostErrorCode.Conflict, `The choice was written to ${file}, but the file does not apply: ${problems}`);
      }
      deps.telemetry.setCollect(on);
      deps.logger.for('host').info('telemetry switch changed', { on });
      return current();
    },
  };
}

export function registerTelemetrySwitch(dispatcher: Pick<HostDispatcher, 'register'>, deps: TelemetrySwitchDeps): void {
  dispatcher.register(telemetrySwitchHandlers(deps));
}

/** Whether two effective configs differ in their telemetry section only. */
export function onlyTelemetryChanged(before: OpenCoworkConfig, after: OpenCoworkConfig): boolean {
  const rest = (config: OpenCoworkConfig) => JSON.stringify({ ...config, telemetry: undefined });
  return rest(before) === rest(after);
}
