import type { Env } from '@open-cowork/config';

/** Everything the CLI touches outside itself; the bin wires the real process, tests wire buffers. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Env;
  readonly cwd: string;
  readonly platform?: NodeJS.Platform;
  readonly homeDir?: string;
  /** The built-in default config; found next to the installed app when unset. */
  readonly defaultConfigPath?: string;
  /** OS-managed config locations; the platform's when unset. Only tests override this. */
  readonly managedConfigPaths?: readonly string[];
  /** Asks the person at the terminal and resolves with their answer; absent when there is no terminal. */
  readonly ask?: (question: string) => Promise<string>;
  /** Aborted when the user interrupts (Ctrl-C) or the process is asked to stop (SIGTERM). */
  readonly signal?: AbortSignal;
  /** Whether stderr is a terminal (colours, the live dashboard). */
  readonly isTTY?: boolean;
  /** Terminal width, for the dashboard. */
  readonly columns?: number;
  /** Single key presses from the terminal (raw mode); returns the disposer. Absent without a terminal. */
  readonly onKey?: (listener: (key: string) => void) => () => void;
  /** How to run this CLI again as a separate process (for `start --detach`): [node, bin]. */
  readonly self?: readonly string[];
}

/** 0 success; 1 invalid config or a failed run; 2 usage error; 130 interrupted (Ctrl-C). */
export const ExitCode = { Ok: 0, Invalid: 1, Failed: 1, Usage: 2, Interrupted: 130 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Quick commands answer at once; long-running ones (such as `run`) answer with a promise. */
export type CommandResult = ExitCode | Promise<ExitCode>;

/** A mistake in how the command was called (exit 2), as opposed to an invalid config (exit 1). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly helpCommand: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
