import { EnvError } from '@open-cowork/mcp-kit';
import { describe, expect, it } from 'vitest';
import { bridgeError } from '../src/bridge.js';
import { bridgeConfigFromEnv, parseBridgeUrl } from '../src/config.js';
import { toCustomAgent } from '../src/custom-agent.js';

describe('the bridge URL', () => {
  it('accepts http on 127.0.0.1 or [::1] with a port and an optional prefix', () => {
    expect(parseBridgeUrl('http://127.0.0.1:4321')).toBe('http://127.0.0.1:4321');
    expect(parseBridgeUrl(' http://127.0.0.1:4321/bridge/v1/ ')).toBe('http://127.0.0.1:4321/bridge/v1');
    expect(parseBridgeUrl('http://[::1]:9000/x')).toBe('http://[::1]:9000/x');
    expect(parseBridgeUrl('http://127.0.0.1:80/')).toBe('http://127.0.0.1');
  });

  it('refuses anything that could leave the machine or carry secrets', () => {
    const cases: [string, string][] = [
      ['https://127.0.0.1:4321', 'must use http:'],
      ['http://localhost:4321', 'not "localhost"'],
      ['http://10.0.0.5:4321', 'not "10.0.0.5"'],
      ['http://127.0.0.2:4321', 'not "127.0.0.2"'],
      ['http://127.0.0.1', 'must include the port'],
      ['http://user:pw@127.0.0.1:4321', 'must not contain credentials'],
      ['http://127.0.0.1:4321/?token=x', 'must not have a query'],
      ['127.0.0.1:4321', 'is not a URL'],
      ['not a url', 'is not a URL'],
    ];
    for (const [value, expected] of cases) {
      expect(() => parseBridgeUrl(value), value).toThrow(EnvError);
      expect(() => parseBridgeUrl(value), value).toThrow(expected);
    }
  });

  it('needs both variables, naming the missing one', () => {
    expect(() => bridgeConfigFromEnv({ OPEN_COWORK_AGENT_BRIDGE_TOKEN: 't' })).toThrow('OPEN_COWORK_AGENT_BRIDGE_URL is not set');
    expect(() => bridgeConfigFromEnv({ OPEN_COWORK_AGENT_BRIDGE_URL: 'http://127.0.0.1:1' })).toThrow('OPEN_COWORK_AGENT_BRIDGE_TOKEN is not set');
    expect(() => bridgeConfigFromEnv({ OPEN_COWORK_AGENT_BRIDGE_URL: 'http://127.0.0.1:1', OPEN_COWORK_AGENT_BRIDGE_TOKEN: 'a b' })).toThrow('printable ASCII');
    expect(bridgeConfigFromEnv({ OPEN_COWORK_AGENT_BRIDGE_URL: 'http://127.0.0.1:1/', OPEN_COWORK_AGENT_BRIDGE_TOKEN: 'tok' })).toEqual({
      baseUrl: 'http://127.0.0.1:1',
      token: 'tok',
    });
  });
});

describe('bridge errors', () => {
  it('explain validation failures with their details', () => {
    const error = bridgeError(
      422,
      { error: { code: 'VALIDATION_FAILED', message: 'Invalid agent', details: [{ pointer: '/agent/model', message: 'unknown provider' }, 'free text'] } },
      '',
    );
    expect(error.message).toBe('The agent definition was rejected (HTTP 422 VALIDATION_FAILED): Invalid agent\n- /agent/model: unknown provider\n- free text');
  });

  it('name conflicts, refused tokens and other statuses', () => {
    expect(bridgeError(409, { error: { code: 'CONFLICT', message: '"build" is a built-in agent' } }, '').message).toContain(
      'HTTP 409 CONFLICT): "build" is a built-in agent. Built-in and configured agents are read-only',
    );
    expect(bridgeError(401, {}, 'nope').message).toContain("refused this server's token (HTTP 401): nope");
    expect(bridgeError(500, undefined, '<html>oops</html>').message).toBe('The agent bridge answered HTTP 500: <html>oops</html>');
    expect(bridgeError(503, { error: { code: 'RUNTIME_DOWN', message: 'restarting' } }, '').message).toBe('The agent bridge answered HTTP 503 RUNTIME_DOWN: restarting');
  });
});

describe('toCustomAgent', () => {
  it('drops unset fields', () => {
    expect(toCustomAgent({ name: 'a', description: 'd', instructions: 'i', label: undefined })).toEqual({ name: 'a', description: 'd', instructions: 'i' });
  });
});
