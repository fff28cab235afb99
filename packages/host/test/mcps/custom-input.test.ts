import { HostErrorCode, type CustomMcpInput } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { checkCustomMcpDraft, type DraftContext } from '../../src/mcps/custom-input.js';

const context: DraftContext = {
  mode: 'add',
  nameTaken: async (name) => (name === 'clock' ? 'config' : name === 'mine' ? 'custom' : undefined),
  workspaceExists: async (id) => id === 'ws_1',
};

async function issues(draft: CustomMcpInput, over: Partial<DraftContext> = {}): Promise<string[]> {
  try {
    await checkCustomMcpDraft(draft, { ...context, ...over });
    return [];
  } catch (error) {
    const data = (error as { data?: { issues?: { pointer: string }[]; pointer?: string } }).data;
    return data?.issues?.map((issue) => issue.pointer) ?? [data?.pointer ?? 'none'];
  }
}

describe('checking a custom MCP draft', () => {
  it('accepts a local and a remote server, filling in the machine scope', async () => {
    await expect(checkCustomMcpDraft({ name: 'notes', type: 'local', command: ['/usr/bin/node', '/opt/notes.js'], environment: { TOKEN: 'x' } }, context)).resolves.toEqual({
      name: 'notes',
      type: 'local',
      command: ['/usr/bin/node', '/opt/notes.js'],
      environment: { TOKEN: 'x' },
      scope: 'machine',
    });
    await expect(checkCustomMcpDraft({ name: 'wiki', type: 'remote', url: 'https://wiki.example.com/mcp', scope: 'workspace', workspaceId: 'ws_1' }, context)).resolves.toMatchObject({
      scope: 'workspace',
      workspaceId: 'ws_1',
      headers: {},
    });
  });

  it('says CONFLICT for a name the app or another custom server uses', async () => {
    await expect(checkCustomMcpDraft({ name: 'clock', type: 'remote', url: 'https://x.example.com' }, context)).rejects.toMatchObject({ code: HostErrorCode.Conflict });
    await expect(checkCustomMcpDraft({ name: 'mine', type: 'remote', url: 'https://x.example.com' }, context)).rejects.toMatchObject({ code: HostErrorCode.Conflict });
  });

  it('reports every problem at once, each with its pointer', async () => {
    expect(await issues({ name: 'x', type: 'local', command: ['node', 'server.js'], url: 'https://a.example.com' })).toEqual(['/mcp/url', '/mcp/command/0']);
    expect(await issues({ name: 'x', type: 'remote', command: ['/bin/true'], url: 'http://example.com/mcp' })).toEqual(['/mcp/command', '/mcp/url']);
    expect(await issues({ name: 'x', type: 'remote', url: 'https://a.example.com', scope: 'workspace' })).toEqual(['/mcp/workspaceId']);
    expect(await issues({ name: 'x', type: 'remote', url: 'https://a.example.com', scope: 'workspace', workspaceId: 'ws_9' })).toEqual(['/mcp/workspaceId']);
    expect(await issues({ name: 'x', type: 'local', command: ['/usr/bin/python3', '-c', 'print(1); import os'] })).toEqual(['/mcp/command/2']);
  });

  it('lets an update keep only values that are stored', async () => {
    const update = { mode: 'update' as const, storedKeys: { environment: ['KEEP'], headers: [] } };
    expect(await issues({ name: 'n', type: 'local', command: ['/usr/bin/node', '/opt/n.js'], environment: { KEEP: null } }, update)).toEqual([]);
    expect(await issues({ name: 'n', type: 'local', command: ['/usr/bin/node', '/opt/n.js'], environment: { NEW: null } }, update)).toEqual(['/mcp/environment/NEW']);
  });
});
