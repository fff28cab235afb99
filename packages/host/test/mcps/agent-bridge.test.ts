import { CodedError, HostErrorCode, type Agent, type CustomAgent } from '@open-cowork/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentBridge } from '../../src/mcps/agent-bridge.js';
import { Logger } from '../../src/log/index.js';

const VIEW: Agent = { name: 'reviewer', source: 'custom', mode: 'all', readOnly: false, editable: true } as Agent;
const bridges: AgentBridge[] = [];
afterEach(async () => {
  await Promise.all(bridges.splice(0).map((bridge) => bridge.close()));
});

async function start() {
  const saved: CustomAgent[] = [];
  const bridge = new AgentBridge({
    list: async () => [VIEW],
    preview: async (agent) => {
      if (agent.name === 'build') throw new CodedError(HostErrorCode.Conflict, '"build" is one of OpenCode\'s own agents.', { pointer: '/agent/name' });
      return { agent: { ...VIEW, name: agent.name }, warnings: [] };
    },
    save: async (agent) => {
      saved.push(agent);
      return { ...VIEW, name: agent.name };
    },
    logger: new Logger({ runId: 'test', level: 'error', sink: () => undefined }),
  });
  bridges.push(bridge);
  await bridge.start();
  const call = (path: string, body?: unknown, token = bridge.token) =>
    fetch(`${bridge.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { bridge, call, saved };
}

const AGENT: CustomAgent = { name: 'reviewer', description: 'Reviews drafts.', instructions: 'Review it.' };

describe('the agents server\'s bridge into the host', () => {
  it('listens on loopback and answers only with its token', async () => {
    const { bridge, call } = await start();
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await call('/agents', undefined, 'wrong')).status).toBe(401);
    expect(await (await call('/agents')).json()).toEqual({ agents: [VIEW] });
  });

  it('holds the body to the contract\'s CustomAgent schema before anything else', async () => {
    const { call, saved } = await start();
    const response = await call('/agents/save', { agent: { name: 'Bad Name!', description: 'x' } });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { code: string; data: { issues: { pointer: string }[] } } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.data.issues.map((issue) => issue.pointer)).toEqual(expect.arrayContaining(['/agent', '/agent/name']));
    expect(saved).toEqual([]);
  });

  it('previews and saves through the host; a refusal keeps its code and status', async () => {
    const { call, saved } = await start();
    expect(await (await call('/agents/preview', { agent: AGENT })).json()).toEqual({ agent: VIEW, warnings: [] });
    expect(saved).toEqual([]);
    expect(await (await call('/agents/save', { agent: AGENT })).json()).toEqual({ agent: VIEW });
    expect(saved).toEqual([AGENT]);
    const refused = await call('/agents/preview', { agent: { ...AGENT, name: 'build' } });
    expect(refused.status).toBe(409);
    expect(((await call('/agents/nothing', {})).status)).toBe(404);
  });
});
