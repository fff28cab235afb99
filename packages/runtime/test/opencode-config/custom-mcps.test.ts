import { describe, expect, it } from 'vitest';
import type { Agent, McpServer } from '@open-cowork/config';
import { buildOpencodeConfig, BuildWarningCode } from '../../src/opencode-config/index.js';
import { makeBundled, makeConfig } from './helpers.js';

const TICKETS: McpServer = { name: 'tickets', type: 'local', command: ['/usr/bin/node', '/opt/tickets.js'], environment: { TICKETS_TOKEN: 't0k' }, permissionMode: 'ask' };
const TRUSTED: McpServer = { ...TICKETS, name: 'wiki', command: ['/usr/bin/node', '/opt/wiki.js'], permissionMode: 'allow' };
const CLOCK: McpServer = { name: 'clock', type: 'local', packageName: 'clock' };

function build(custom: McpServer[], options: { agents?: Agent[]; google?: string; skills?: string[] } = {}) {
  return buildOpencodeConfig({
    config: makeConfig({ mcps: [{ ...CLOCK, googleAuth: true }], tools: [{ id: 'clock', name: 'Clock', patterns: ['clock_*'] }], ...(options.agents ? { agents: options.agents } : {}) }),
    settings: {},
    bundled: makeBundled(),
    customMcps: custom,
    ...(options.google === undefined ? {} : { googleCredentials: options.google }),
    ...(options.skills === undefined ? {} : { extraSkillPaths: options.skills }),
  });
}

describe('custom MCPs', () => {
  it('join after the configured servers, with their own environment only', () => {
    const { config } = build([TICKETS]);
    expect(Object.keys(config.mcp ?? {})).toEqual(['clock', 'tickets']);
    expect(config.mcp?.['tickets']).toEqual({ type: 'local', command: ['/usr/bin/node', '/opt/tickets.js'], environment: { TICKETS_TOKEN: 't0k' }, enabled: true });
    expect(JSON.stringify(config.mcp?.['clock'])).not.toContain('t0k');
  });

  it('ask before each call until trusted; a trusted one is allowed, for every agent that may use it', () => {
    const { config } = build([TICKETS, TRUSTED]);
    const permission = config.permission as Record<string, unknown>;
    expect(permission['tickets_*']).toBe('ask');
    expect(permission['wiki_*']).toBe('allow');
  });

  it('can be granted to a configured agent by its name, at its trust level; the agent\'s deny still wins', () => {
    const agent: Agent = { name: 'triage', description: 'Triage', instructions: 'Sort tickets.', toolIds: ['wiki'], denyTools: ['wiki_delete_page'] };
    const { config, warnings } = build([TRUSTED], { agents: [agent] });
    expect(warnings.map((w) => w.code)).not.toContain(BuildWarningCode.ToolUnknown);
    const rules = config.agent?.['triage']?.permission as Record<string, unknown>;
    expect(rules['wiki_*']).toBe('allow');
    expect(rules['wiki_delete_page']).toBe('deny');
  });

  it('is skipped with a warning when the config uses its name', () => {
    const { config, warnings } = build([{ ...TICKETS, name: 'clock' }]);
    expect(config.mcp?.['clock']).toMatchObject({ command: ['/opt/node', '/app/mcps/clock/index.js'] });
    expect(warnings).toContainEqual(expect.objectContaining({ code: BuildWarningCode.McpNameTaken, pointer: '/customMcps/0' }));
  });

  it('gives GOOGLE_APPLICATION_CREDENTIALS only to googleAuth servers, and only while signed in', () => {
    const signedOut = build([TICKETS]).config.mcp ?? {};
    expect(JSON.stringify(signedOut)).not.toContain('GOOGLE_APPLICATION_CREDENTIALS');
    const signedIn = build([TICKETS], { google: '/data/adc.json' }).config.mcp ?? {};
    expect(signedIn['clock']).toMatchObject({ environment: { GOOGLE_APPLICATION_CREDENTIALS: '/data/adc.json' } });
    expect(JSON.stringify(signedIn['tickets'])).not.toContain('GOOGLE_APPLICATION_CREDENTIALS');
  });

  it('adds extra skill folders after the configured ones', () => {
    expect(build([], { skills: ['/data/skills'] }).config.skills).toEqual({ paths: ['/data/skills'] });
  });
});
