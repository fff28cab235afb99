// Running the children of a sandboxed process (its shells, its MCP servers) each in a nested
// boundary. A program that starts children by a command line gets a prefix to put in front of
// it; a program that starts shells through `$SHELL` gets a small wrapper script to point
// `$SHELL` at. Both scrub the environment before bubblewrap starts: bubblewrap's own process
// inside the nested boundary keeps the environment it was started with, and it is visible
// there as pid 1.
import { nestedBwrapArgs, type NestedBoundaryInput } from './bwrap.js';
import type { ChildIsolation } from './types.js';

export interface ChildBoundary {
  readonly isolation: ChildIsolation;
  /** `[…, '--']`-terminated argv prefix; empty when children share the parent's boundary. */
  readonly prefix: readonly string[];
}

export interface ChildBoundaryInput extends Omit<NestedBoundaryInput, 'proc'> {
  /** How children can be isolated here (from the probe); `shared` gives no prefix. */
  readonly isolation: ChildIsolation;
  /** Absolute path of bwrap, as seen inside the parent's boundary. */
  readonly bwrap: string;
  /** Absolute path of `env`, used to drop variables before bubblewrap runs. */
  readonly envProgram?: string;
}

/**
 * The argv prefix that starts one child in its own boundary:
 * `env -u NAME… bwrap <nested args> --`. With `shared` isolation it only scrubs the
 * environment (`env -u NAME… `), which is all a boundary-less backend can do.
 */
export function childBoundary(input: ChildBoundaryInput): ChildBoundary {
  const unset = input.unsetEnv ?? [];
  const scrub = unset.length > 0 ? [input.envProgram ?? '/usr/bin/env', ...unset.flatMap((name) => ['-u', name])] : [];
  if (input.isolation === 'shared') return { isolation: 'shared', prefix: scrub };
  const nested = nestedBwrapArgs({ ...input, proc: input.isolation === 'namespace' ? 'proc' : 'none' });
  return { isolation: input.isolation, prefix: [...scrub, input.bwrap, ...nested, '--'] };
}

/**
 * A POSIX sh script that runs `shell` with its arguments inside the child boundary. Programs
 * that pick their shell from `$SHELL` by its file name (OpenCode accepts bash, zsh, sh, …)
 * need the script saved under the real shell's name, e.g. `<dir>/bash`.
 */
export function shellWrapperScript(boundary: ChildBoundary, shell: string): string {
  return [
    '#!/bin/sh',
    "# Written by Open Cowork: starts the shell in a boundary of its own, without the runtime's private variables.",
    `exec ${[...boundary.prefix, shell].map(shellQuote).join(' ')} "$@"`,
    '',
  ].join('\n');
}

/** Single-quotes a word for sh. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
