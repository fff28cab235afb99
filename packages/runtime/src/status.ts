import type { SandboxStatus } from '@open-cowork/sandbox';
import type { RuntimeErrorCode } from './errors.js';

/** Where the managed runtime is in its life. Published to every listener on each change. */
export type RuntimeStatus =
  | { readonly state: 'stopped' }
  | { readonly state: 'starting'; readonly attempt: number }
  | {
      readonly state: 'ready';
      readonly url: string;
      readonly pid: number;
      readonly version: string;
      /** When it became ready, or last took a new config in place (`reload`). */
      readonly since: number;
      /** The boundary this process runs in. */
      readonly sandbox?: SandboxStatus;
    }
  | { readonly state: 'restarting'; readonly reason: string; readonly attempt: number; readonly delayMs: number }
  | { readonly state: 'failed'; readonly code: RuntimeErrorCode | string; readonly reason: string };

export type RuntimeState = RuntimeStatus['state'];
