// The OpenCode runtime's status as the host reports it: restarts and waiting for readiness.

import type { RuntimeStatus } from '@open-cowork/contracts';

export interface RuntimeData {
  readonly runtime: RuntimeStatus | undefined;
}

export const RUNTIME_DATA: RuntimeData = { runtime: undefined };

export interface RuntimeActions {
  /** Asks the host for the runtime's status now (events keep it current afterwards). */
  loadRuntime(): Promise<void>;
  restartRuntime(): Promise<void>;
  /**
   * Resolves once the runtime is ready; rejects on failure or timeout. With `replacing` (the
   * status before a change that restarts the runtime, such as a credential or a sign-in), only
   * once another instance is ready: the host restarts after a short debounce, during which
   * the old instance still reports ready.
   */
  waitForRuntime(timeoutMs: number, replacing?: RuntimeStatus): Promise<void>;
}
