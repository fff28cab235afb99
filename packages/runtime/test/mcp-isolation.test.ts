import { describe, expect, it } from 'vitest';
import { isolateMcpCommands } from '../src/index.js';

const UNSET = ['/usr/bin/env', '-u', 'OPENCODE_SERVER_PASSWORD', '-u', 'OPENCODE_SERVER_USERNAME', '-u', 'OPENCODE_CONFIG', '-u', 'OPENCODE_PID'];

describe('isolateMcpCommands', () => {
  const config = {
    model: 'a/b',
    mcp: {
      local: { type: 'local', command: ['/usr/bin/node', '/app/mcps/clock/dist/index.js'], environment: { TZ: 'UTC' } },
      remote: { type: 'remote', url: 'https://mcp.example.com' },
      toggled: { enabled: false },
    },
  };

  it('starts local MCP commands through env -u for the runtime-only variables', () => {
    const out = isolateMcpCommands(config, 'linux') as typeof config;
    expect(out.mcp.local.command).toEqual([...UNSET, '/usr/bin/node', '/app/mcps/clock/dist/index.js']);
    expect(out.mcp.local.environment).toEqual({ TZ: 'UTC' });
    expect(out.mcp.remote).toBe(config.mcp.remote);
    expect(out.mcp.toggled).toBe(config.mcp.toggled);
    expect(out.model).toBe('a/b');
    expect(config.mcp.local.command[0]).toBe('/usr/bin/node'); // input untouched
  });

  it('wraps once, and leaves configs without MCPs or on Windows alone', () => {
    const once = isolateMcpCommands(config, 'darwin');
    expect(isolateMcpCommands(once, 'darwin')).toEqual(once);
    expect(isolateMcpCommands({ model: 'a/b' }, 'linux')).toEqual({ model: 'a/b' });
    expect(isolateMcpCommands(config, 'win32')).toBe(config);
  });
});
