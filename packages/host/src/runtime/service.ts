// runtime.status and runtime.restart over the host's one runtime.
import { CodedError, HostErrorCode, type RuntimeStatus as ContractRuntimeStatus } from '@open-cowork/contracts';
import type { RuntimeStatus } from '@open-cowork/runtime';
import type { HandlersFor } from '../dispatch/handlers.js';
import type { Logger } from '../log/index.js';

/** The part of HostRuntime this service uses. */
export interface RestartableRuntime {
  readonly status: RuntimeStatus;
  restart(reason: string): Promise<unknown>;
  readonly supervisor: { onStatus(listener: (status: RuntimeStatus) => void): () => void };
}

export function runtimeHandlers(options: { readonly runtime: RestartableRuntime; readonly logger: Logger }): HandlersFor<'runtime.status' | 'runtime.restart'> {
  const { runtime, logger } = options;
  return {
    'runtime.status': async () => ({ ...runtime.status }),
    // Answers as soon as the runtime reports the restart (its first status change); the
    // client follows runtime.status events from there.
    'runtime.restart': async (): Promise<ContractRuntimeStatus> => {
      let stopWatching: () => void = () => undefined;
      const begun = new Promise<RuntimeStatus>((resolve) => {
        stopWatching = runtime.supervisor.onStatus(resolve);
      });
      const restarted = runtime.restart('requested by a client');
      restarted.catch((error: unknown) => logger.error(`runtime restart failed: ${(error as Error).message}`));
      try {
        const first = await Promise.race([begun, restarted.then(() => runtime.status)]);
        return { ...first };
      } catch (error) {
        const runtimeCode = error instanceof CodedError ? error.code : undefined;
        throw new CodedError(HostErrorCode.RuntimeFailed, `The runtime could not be restarted: ${(error as Error).message}`, {
          ...(runtimeCode !== undefined ? { runtimeCode } : {}),
        });
      } finally {
        stopWatching();
      }
    },
  };
}
