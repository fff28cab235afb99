import { describe, expect, it } from 'vitest';
import { checkLocalCommand, programName } from '../../src/network/index.js';

type CommandCase = readonly [name: string, command: readonly string[], refused: readonly string[]];

/** refused: the pointers of the problems expected ([] = accepted). */
const commands: readonly CommandCase[] = [
  ['an absolute program with plain arguments', ['/usr/local/bin/node', '/opt/mcp/server.js', '--port', '0'], []],
  ['a Windows absolute program', ['C:\\Program Files\\nodejs\\node.exe', 'C:\\mcp\\server.js'], []],
  ['arguments with spaces, quotes, $ and %', ['/usr/bin/python3', '-m', 'my server', "it's", '$HOME', '%PATH%', '--name="x"'], []],
  ['a bare program name', ['node', 'server.js'], ['/command/0']],
  ['a relative program', ['./bin/server', '--stdio'], ['/command/0']],
  ['a parent-relative program', ['../server'], ['/command/0']],
  ['a drive-relative Windows program', ['\\tools\\server.exe'], ['/command/0']],
  ['an empty program', [''], ['/command/0']],
  ['an empty command', [], ['/command']],
  ['a shell running a script file', ['/bin/bash', '/opt/mcp/start.sh', '--verbose'], []],
  ['sh -c', ['/bin/sh', '-c', 'node server.js'], ['/command/1']],
  ['bash -lc', ['/bin/bash', '-lc', 'node server.js'], ['/command/1']],
  ['bash -ec', ['/usr/bin/bash', '-ec', 'node server.js'], ['/command/1']],
  ['bash -xec', ['/usr/bin/bash', '-x', '-ec', 'node server.js'], ['/command/2']],
  ['zsh -c', ['/bin/zsh', '-c', 'x'], ['/command/1']],
  ['dash -c', ['/bin/dash', '-c', 'x'], ['/command/1']],
  ['ksh -c', ['/bin/ksh', '-c', 'x'], ['/command/1']],
  ['csh -c', ['/bin/csh', '-c', 'x'], ['/command/1']],
  ['tcsh -c', ['/bin/tcsh', '-c', 'x'], ['/command/1']],
  ['fish -c', ['/usr/bin/fish', '-c', 'x'], ['/command/1']],
  ['fish --command', ['/usr/bin/fish', '--command=x'], ['/command/1']],
  ['fish -C', ['/usr/bin/fish', '-C', 'x', '/opt/s.fish'], ['/command/1']],
  ['bash via a traversal path', ['/usr/../bin/bash', '-c', 'x'], ['/command/1']],
  ['bash via env', ['/usr/bin/env', 'bash', '-c', 'x'], ['/command/2']],
  ['bash via env with options and assignments', ['/usr/bin/env', '-i', 'FOO=1', '/bin/bash', '-lc', 'x'], ['/command/4']],
  ['env -S', ['/usr/bin/env', '-S', 'bash -c x'], ['/command/1']],
  ['env setting a protected variable', ['/usr/bin/env', 'LD_PRELOAD=/tmp/x.so', '/usr/bin/node'], ['/command/1']],
  ['env running node', ['/usr/bin/env', 'FOO=bar', '/usr/bin/node', 'server.js'], []],
  ['busybox sh -c', ['/bin/busybox', 'sh', '-c', 'x'], ['/command/2']],
  ['cmd /c', ['C:\\Windows\\System32\\cmd.exe', '/c', 'server.bat'], ['/command/1']],
  ['cmd /C', ['C:\\Windows\\System32\\CMD.EXE', '/C', 'server.bat'], ['/command/1']],
  ['cmd /k', ['C:\\Windows\\System32\\cmd.exe', '/k', 'server.bat'], ['/command/1']],
  ['cmd /q/c', ['C:\\Windows\\System32\\cmd.exe', '/q/c', 'server.bat'], ['/command/1']],
  ['cmd /ccommand', ['C:\\Windows\\System32\\cmd.exe', '/cserver.bat'], ['/command/1']],
  ['powershell -Command', ['C:\\Windows\\powershell.exe', '-Command', 'Start-Server'], ['/command/1', '/command/2']],
  ['pwsh -Command', ['/usr/bin/pwsh', '-Command', 'Start-Server'], ['/command/1']],
  ['pwsh -c', ['/usr/bin/pwsh', '-c', 'Start-Server'], ['/command/1']],
  ['pwsh -EncodedCommand', ['/usr/bin/pwsh', '-EncodedCommand', 'AAAA'], ['/command/1']],
  ['pwsh -ec', ['/usr/bin/pwsh', '-ec', 'AAAA'], ['/command/1']],
  ['pwsh -e', ['/usr/bin/pwsh', '-e', 'AAAA'], ['/command/1']],
  ['pwsh --command', ['/usr/bin/pwsh', '--command', 'x'], ['/command/1']],
  ['pwsh -File', ['/usr/bin/pwsh', '-NoProfile', '-File', '/opt/s.ps1'], []],
  ['powershell with a bare command', ['C:\\Windows\\powershell.exe', 'Get-Process'], ['/command/1']],
  ['powershell -File', ['C:\\Windows\\powershell.exe', '-File', 'C:\\s.ps1'], []],
  ['a non-shell program with -c', ['/usr/bin/gcc', '-c', 'x.c'], []],
  ['other interpreters are not inspected (node -e)', ['/usr/bin/node', '-e', 'require("/opt/mcp/server.js")'], []],
  ['a semicolon', ['/usr/bin/node', 'server.js;rm -rf /'], ['/command/1']],
  ['a pipe', ['/usr/bin/node', 'a|b'], ['/command/1']],
  ['an ampersand', ['/usr/bin/node', 'a&&b'], ['/command/1']],
  ['a backtick', ['/usr/bin/node', '`id`'], ['/command/1']],
  ['command substitution', ['/usr/bin/node', '$(id)'], ['/command/1']],
  ['a redirection', ['/usr/bin/node', 'x>/tmp/y'], ['/command/1']],
  ['an input redirection', ['/usr/bin/node', '</etc/passwd'], ['/command/1']],
  ['a newline', ['/usr/bin/node', 'a\nb'], ['/command/1']],
  ['a carriage return', ['/usr/bin/node', 'a\rb'], ['/command/1']],
  ['a NUL', ['/usr/bin/node', 'a\0b'], ['/command/1']],
  ['an escape character', ['/usr/bin/node', 'a\u001bb'], ['/command/1']],
  ['metacharacters in the program', ['/usr/bin/node;id'], ['/command/0']],
  ['several problems at once', ['bash', '-c', 'a;b'], ['/command/2', '/command/0', '/command/1']],
];

describe('checkLocalCommand: command', () => {
  it.each(commands)('%s', (_name, command, refused) => {
    const result = checkLocalCommand(command);
    if (refused.length === 0) {
      expect(result).toEqual({ ok: true });
      return;
    }
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((p) => p.pointer)).toEqual(refused);
  });

  it('names the argument index and what is wrong', () => {
    const result = checkLocalCommand(['/bin/bash', '-c', 'curl x | sh']);
    expect(result.ok).toBe(false);
    const messages = result.ok ? [] : result.problems.map((p) => p.message);
    expect(messages).toContainEqual(expect.stringMatching(/^command\[2\] contains a "\|" \(pipe\)/));
    expect(messages).toContainEqual(expect.stringMatching(/^command\[1\] is "-c", which makes the shell \/bin\/bash run a command string/));
    const bare = checkLocalCommand(['npx', '-y', 'server']);
    expect(bare.ok ? '' : bare.problems[0]?.message).toMatch(/command\[0\] is "npx", which is not a full path.*\/usr\/local\/bin\/npx/);
  });
});

type EnvCase = readonly [name: string, env: Readonly<Record<string, string>>, refused: readonly string[]];

const environments: readonly EnvCase[] = [
  ['plain names', { API_BASE: 'https://x', _private: '1', level2: 'x', PATH: '/usr/bin' }, []],
  ['values may hold anything but NUL', { PEM: '-----BEGIN-----\nabc\n-----END-----', JSON: '{"a":"b;c|d"}' }, []],
  ['a name starting with a digit', { '1ABC': 'x' }, ['/environment/1ABC']],
  ['a name with a dash', { 'MY-VAR': 'x' }, ['/environment/MY-VAR']],
  ['a name with "=" ', { 'A=B': 'x' }, ['/environment/A=B']],
  ['a name with a slash (pointer escaped)', { 'A/B~C': 'x' }, ['/environment/A~1B~0C']],
  ['an empty name', { '': 'x' }, ['/environment/']],
  ['LD_PRELOAD', { LD_PRELOAD: '/tmp/x.so' }, ['/environment/LD_PRELOAD']],
  ['LD_LIBRARY_PATH', { LD_LIBRARY_PATH: '/tmp' }, ['/environment/LD_LIBRARY_PATH']],
  ['LD_AUDIT', { LD_AUDIT: '/tmp/a.so' }, ['/environment/LD_AUDIT']],
  ['DYLD_INSERT_LIBRARIES', { DYLD_INSERT_LIBRARIES: '/tmp/x.dylib' }, ['/environment/DYLD_INSERT_LIBRARIES']],
  ['NODE_OPTIONS', { NODE_OPTIONS: '--require /tmp/x.js' }, ['/environment/NODE_OPTIONS']],
  ['node_options in lowercase', { node_options: '--require /tmp/x.js' }, ['/environment/node_options']],
  ['OPENCODE_*', { OPENCODE_CONFIG: '/tmp/c.json' }, ['/environment/OPENCODE_CONFIG']],
  ['OPEN_COWORK_*', { OPEN_COWORK_CONFIG_PATH: '/tmp/c.json' }, ['/environment/OPEN_COWORK_CONFIG_PATH']],
  ['BASH_ENV', { BASH_ENV: '/tmp/x.sh' }, ['/environment/BASH_ENV']],
  ['PYTHONSTARTUP and PERL5OPT', { PYTHONSTARTUP: '/tmp/x.py', PERL5OPT: '-Mx' }, ['/environment/PYTHONSTARTUP', '/environment/PERL5OPT']],
  ['JAVA_TOOL_OPTIONS', { JAVA_TOOL_OPTIONS: '-javaagent:/tmp/a.jar' }, ['/environment/JAVA_TOOL_OPTIONS']],
  ['a NUL in a value', { OK_NAME: 'a\0b' }, ['/environment/OK_NAME']],
];

describe('checkLocalCommand: environment', () => {
  it.each(environments)('%s', (_name, env, refused) => {
    const result = checkLocalCommand(['/usr/bin/node', 'server.js'], env);
    const pointers = result.ok ? [] : result.problems.map((p) => p.pointer);
    expect(pointers).toEqual(refused);
  });

  it('explains a protected name', () => {
    const result = checkLocalCommand(['/usr/bin/node'], { DYLD_LIBRARY_PATH: '/x' });
    expect(result.ok ? '' : result.problems[0]?.message).toBe(
      'Environment variable DYLD_LIBRARY_PATH may not be set for a server. DYLD_* variables are reserved: they can make the program load other code, or belong to the runtime.',
    );
  });
});

describe('programName', () => {
  it.each([
    ['/usr/bin/bash', 'bash'],
    ['C:\\Windows\\System32\\CMD.EXE', 'cmd'],
    ['C:/tools/PowerShell.exe', 'powershell'],
    ['/usr/local/bin/pwsh', 'pwsh'],
  ])('%s → %s', (path, name) => {
    expect(programName(path)).toBe(name);
  });
});
