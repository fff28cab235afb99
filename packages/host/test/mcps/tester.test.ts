import { factsMcpServerPath, startHttpMcpServer, type HttpMcpServer } from '@open-cowork/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { testMcpEndpoint } from '../../src/mcps/tester.js';
import { NetworkGuardError, NetworkRefusal } from '../../src/network/index.js';

const servers: HttpMcpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
async function http(options: Parameters<typeof startHttpMcpServer>[0] = {}) {
  const server = await startHttpMcpServer(options);
  servers.push(server);
  return server;
}

const SECRET = 'Bearer sekret-PLAINTEXT-MARKER-123';

describe('testing a local MCP server', () => {
  it('starts it, lists its tools and stops it', async () => {
    const result = await testMcpEndpoint({ type: 'local', command: [process.execPath, factsMcpServerPath()] });
    expect(result).toMatchObject({ ok: true, tools: ['lookup_fact', 'env_names'] });
  });

  it('reports a program that does not exist as "spawn"', async () => {
    const result = await testMcpEndpoint({ type: 'local', command: ['/nonexistent/mcp-server'] });
    expect(result).toMatchObject({ ok: false, failure: 'spawn', tools: [] });
    expect(result.message).toContain('/nonexistent/mcp-server');
  });

  it('reports a process that exits at once as "spawn", with its error output but not its secrets', async () => {
    const script = `process.stderr.write('boom: token ' + process.env.API_TOKEN + '\\n'); process.exit(3)`;
    const result = await testMcpEndpoint({ type: 'local', command: [process.execPath, '-e', script], environment: { API_TOKEN: 'tok-PLAINTEXT-MARKER-9' } });
    expect(result).toMatchObject({ ok: false, failure: 'spawn' });
    expect(result.message).toContain('boom');
    expect(result.message).not.toContain('PLAINTEXT-MARKER');
  });

  it('gives up on a process that never answers, as "timeout"', async () => {
    const result = await testMcpEndpoint({ type: 'local', command: [process.execPath, '-e', 'setInterval(() => {}, 1000)'] }, { timeoutMs: 1500 });
    expect(result).toMatchObject({ ok: false, failure: 'timeout' });
  });
});

describe('testing a remote MCP server', () => {
  it('connects with its headers and lists its tools', async () => {
    const server = await http({ requireAuthorization: SECRET });
    const result = await testMcpEndpoint({ type: 'remote', url: server.url, headers: { Authorization: SECRET } });
    expect(result).toMatchObject({ ok: true, tools: ['remote_fact'] });
  });

  it('tells a rejected token (401) from a forbidden one (403), with the help text', async () => {
    const strict = await http({ requireAuthorization: 'Bearer right' });
    const unauthorized = await testMcpEndpoint({ type: 'remote', url: strict.url, headers: { Authorization: SECRET } }, { help: 'Check the token scopes.' });
    expect(unauthorized).toMatchObject({ ok: false, failure: 'unauthorized', help: 'Check the token scopes.' });
    expect(JSON.stringify(unauthorized)).not.toContain('PLAINTEXT-MARKER');

    const forbidden = await testMcpEndpoint({ type: 'remote', url: (await http({ forbidden: true })).url, headers: { Authorization: SECRET } });
    expect(forbidden).toMatchObject({ ok: false, failure: 'forbidden' });
  });

  it('reports a closed port as "network" and a non-MCP endpoint as "protocol"', async () => {
    const closed = await http();
    const url = closed.url;
    await closed.close();
    servers.splice(servers.indexOf(closed), 1);
    expect(await testMcpEndpoint({ type: 'remote', url })).toMatchObject({ ok: false, failure: 'network' });

    const wrongPath = await http();
    expect(await testMcpEndpoint({ type: 'remote', url: wrongPath.url.replace('/mcp', '/nothing') })).toMatchObject({ ok: false, failure: 'protocol' });
  });

  it('keeps the failure kind the fetch gives (the network guard\'s refusals)', async () => {
    const refuse = (async () => {
      throw new NetworkGuardError(NetworkRefusal.Metadata, '169.254.169.254 is a cloud metadata address');
    }) as typeof fetch;
    const result = await testMcpEndpoint({ type: 'remote', url: 'https://metadata.example/mcp' }, { fetch: refuse });
    expect(result).toMatchObject({ ok: false, failure: 'policy', message: expect.stringContaining('metadata') });
  });
});
