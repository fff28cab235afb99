// What a local (stdio) MCP command may look like. The command is started without a shell,
// so the policy's job is to keep it that way: one program named by its full path, plain
// arguments, and no environment variable that loads code into the program.

export interface CommandProblem {
  /** JSON pointer relative to the server entry: /command/<index> or /environment/<name>. */
  readonly pointer: string;
  readonly message: string;
}

export type CommandCheck = { readonly ok: true } | { readonly ok: false; readonly problems: readonly CommandProblem[] };

/** Shells, by program base name (lowercase, .exe dropped). */
export const SHELL_PROGRAMS: readonly string[] = ['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'csh', 'tcsh', 'cmd', 'powershell', 'pwsh'];

/** Programs that run another program named by their first arguments. */
const LAUNCHERS = new Set(['env', 'busybox', 'toybox']);

/** Environment names that may not be set (exact, compared uppercase). */
export const PROTECTED_ENV_NAMES: readonly string[] = [
  'NODE_OPTIONS',
  'BASH_ENV',
  'ENV',
  'PERL5OPT',
  'PYTHONSTARTUP',
  'RUBYOPT',
  'JAVA_TOOL_OPTIONS',
  '_JAVA_OPTIONS',
];

/** Environment prefixes that may not be set: the dynamic loaders' and the runtime's own. */
export const PROTECTED_ENV_PREFIXES: readonly string[] = ['LD_', 'DYLD_', 'OPENCODE_', 'OPEN_COWORK_'];

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why `name` is protected (compared uppercase: Windows names ignore case); undefined if it is not. */
function protectedEnvReason(name: string): string | undefined {
  const upper = name.toUpperCase();
  const prefix = PROTECTED_ENV_PREFIXES.find((p) => upper.startsWith(p));
  if (prefix === undefined && !PROTECTED_ENV_NAMES.includes(upper)) return undefined;
  return prefix !== undefined
    ? `${prefix}* variables are reserved: they can make the program load other code, or belong to the runtime.`
    : 'It is reserved: it can make the program load other code.';
}

/** What a shell would act on. Checked in the program and in every argument. */
const METACHARACTERS: readonly (readonly [string, string])[] = [
  [';', 'a ";" (command separator)'],
  ['|', 'a "|" (pipe)'],
  ['&', 'an "&" (background / and-list)'],
  ['`', 'a backtick (command substitution)'],
  ['$(', 'a "$(" (command substitution)'],
  ['>', 'a ">" (redirection)'],
  ['<', 'a "<" (redirection)'],
];

const pointerToken = (name: string): string => name.replaceAll('~', '~0').replaceAll('/', '~1');

const SHELL_SET = new Set(SHELL_PROGRAMS);

/** Base name of a POSIX or Windows path, lowercase, without ".exe". */
export function programName(path: string): string {
  const base = path.split(/[\\/]/).at(-1) ?? '';
  return base.toLowerCase().replace(/\.exe$/, '');
}

function isAbsoluteProgram(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path);
}

/** The first metacharacter or control character in `text`, described; undefined if none. */
function shellSyntax(text: string): string | undefined {
  for (const [token, description] of METACHARACTERS) if (text.includes(token)) return description;
  for (const char of text) {
    const code = char.charCodeAt(0);
    // C0 controls except tab, and DEL.
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) {
      return code === 0 ? 'a NUL character' : code === 10 || code === 13 ? 'a line break' : `a control character (U+${code.toString(16).padStart(4, '0').toUpperCase()})`;
    }
  }
  return undefined;
}

/** Whether `arg` asks `shell` to run a command string. */
function runsCommandString(shell: string, arg: string): boolean {
  if (shell === 'cmd') {
    // cmd.exe: /c, /k, /r, also glued to other switches or to the command ("/q/c", "/cdir").
    return arg.startsWith('/') && arg.split('/').some((switchText) => /^[ckr]/i.test(switchText));
  }
  if (shell === 'powershell' || shell === 'pwsh') {
    const option = /^(?:--?|\/)([A-Za-z]+)$/.exec(arg)?.[1]?.toLowerCase();
    if (option === undefined) return false;
    const prefixOf = (full: string): boolean => full.startsWith(option);
    return prefixOf('command') || prefixOf('commandwithargs') || prefixOf('encodedcommand') || option === 'ec' || option === 'cwa';
  }
  if (shell === 'fish' && (arg === '-C' || arg.startsWith('--command') || arg.startsWith('--init-command'))) return true;
  if (arg === '--command' || arg.startsWith('--command=')) return true;
  // POSIX shells: -c alone or among combined single-letter flags (-lc, -ec, -xec).
  return /^-[A-Za-z]*c[A-Za-z]*$/.test(arg);
}

/** Windows PowerShell (5.x) runs its first bare argument as a command unless -File is given. */
function powershellBareCommand(args: readonly string[]): number | undefined {
  const hasFile = args.some((arg) => /^(?:-|\/)(?:f|fi|fil|file)$/i.test(arg));
  if (hasFile) return undefined;
  const index = args.findIndex((arg) => !arg.startsWith('-') && !arg.startsWith('/'));
  return index === -1 ? undefined : index;
}

interface Interpreter {
  readonly name: string;
  /** Index in `command` of the interpreter itself. */
  readonly at: number;
}

/** The program that actually runs: through env/busybox wrappers. Problems found on the way are added. */
function effectiveProgram(command: readonly string[], problems: CommandProblem[]): Interpreter {
  let at = 0;
  let name = programName(command[0] ?? '');
  for (let guard = 0; LAUNCHERS.has(name) && guard < 4; guard += 1) {
    let i = at + 1;
    if (name === 'env') {
      while (i < command.length) {
        const arg = command[i] ?? '';
        if (arg === '-S' || arg.startsWith('--split-string') || /^-[A-Za-z]*S/.test(arg)) {
          problems.push({ pointer: `/command/${i}`, message: `command[${i}] is "${arg}": env -S splits a string into a command line, which is refused.` });
          return { name, at };
        }
        const assignment = /^([^=-][^=]*)=/.exec(arg);
        if (assignment) {
          const reason = protectedEnvReason(assignment[1] ?? '');
          if (reason !== undefined) problems.push({ pointer: `/command/${i}`, message: `command[${i}] sets ${assignment[1]} through env, which is refused. ${reason}` });
          i += 1;
        } else if (arg === '-u' || arg === '-C' || arg === '--unset' || arg === '--chdir') i += 2;
        else if (arg.startsWith('-')) i += 1;
        else break;
      }
    }
    if (i >= command.length) return { name, at };
    at = i;
    name = programName(command[i] ?? '');
  }
  return { name, at };
}

/**
 * Checks a stdio MCP server's command line and environment. All problems are reported,
 * each with a pointer and a message that names the argument index.
 *
 * - command[0] must be an absolute path (the program is not searched on PATH);
 * - no argument may contain shell syntax (; | & ` $( > <, line breaks, NUL, control characters):
 *   nothing here runs through a shell, and the check keeps it from mattering if one ever does
 *   (Windows .cmd shims are run by cmd.exe);
 * - a shell (sh, bash, zsh, …, cmd, powershell, pwsh), also behind /usr/bin/env or busybox,
 *   may run a script file but not a command string (-c, -lc, /c, -Command…);
 * - environment names must be plain identifiers and not a protected name (LD_*, DYLD_*,
 *   NODE_OPTIONS, OPENCODE_*, …: see PROTECTED_ENV_NAMES and PROTECTED_ENV_PREFIXES).
 */
export function checkLocalCommand(command: readonly string[], env: Readonly<Record<string, string>> = {}): CommandCheck {
  const problems: CommandProblem[] = [];
  if (!Array.isArray(command) || command.length === 0) {
    problems.push({ pointer: '/command', message: 'The command is empty: command[0] must be the full path of the program to start.' });
  } else {
    command.forEach((arg, index) => {
      if (typeof arg !== 'string') {
        problems.push({ pointer: `/command/${index}`, message: `command[${index}] is not a string.` });
        return;
      }
      const syntax = shellSyntax(arg);
      if (syntax !== undefined) {
        problems.push({
          pointer: `/command/${index}`,
          message: `command[${index}] contains ${syntax}. Commands start without a shell: give the program and each argument as separate items, with no shell syntax.`,
        });
      }
    });
    const program = command[0];
    if (typeof program === 'string' && !isAbsoluteProgram(program)) {
      problems.push({
        pointer: '/command/0',
        message:
          program === ''
            ? 'command[0] is empty: it must be the full path of the program to start.'
            : `command[0] is "${program}", which is not a full path. Give the program's absolute path (for example /usr/local/bin/${programName(program) || 'node'}); programs are not looked up on PATH.`,
      });
    }
    if (command.every((arg) => typeof arg === 'string')) checkInterpreter(command, problems);
  }
  for (const [name, value] of Object.entries(env ?? {})) {
    const pointer = `/environment/${pointerToken(name)}`;
    if (!ENV_NAME.test(name)) {
      problems.push({ pointer, message: `Environment variable name "${name}" is not valid: use letters, digits and "_", not starting with a digit.` });
      continue;
    }
    const reason = protectedEnvReason(name);
    if (reason !== undefined) {
      problems.push({ pointer, message: `Environment variable ${name} may not be set for a server. ${reason}` });
      continue;
    }
    if (typeof value !== 'string') problems.push({ pointer, message: `Environment variable ${name} must be a string.` });
    else if (value.includes('\0')) problems.push({ pointer, message: `Environment variable ${name} contains a NUL character.` });
  }
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

function checkInterpreter(command: readonly string[], problems: CommandProblem[]): void {
  const interpreter = effectiveProgram(command, problems);
  if (!SHELL_SET.has(interpreter.name)) return;
  const shown = command[interpreter.at] ?? interpreter.name;
  for (let index = interpreter.at + 1; index < command.length; index += 1) {
    const arg = command[index] ?? '';
    if (runsCommandString(interpreter.name, arg)) {
      problems.push({
        pointer: `/command/${index}`,
        message: `command[${index}] is "${arg}", which makes the shell ${shown} run a command string. Start the program directly, or run a script file with the shell.`,
      });
    }
  }
  if (interpreter.name === 'powershell') {
    const bare = powershellBareCommand(command.slice(interpreter.at + 1));
    if (bare !== undefined) {
      const index = interpreter.at + 1 + bare;
      problems.push({
        pointer: `/command/${index}`,
        message: `command[${index}] would be run by Windows PowerShell as a command string. Use -File <script> instead.`,
      });
    }
  }
}
