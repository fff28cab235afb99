import { describe, expect, it, vi } from 'vitest';
import { adoptPathRoute, hrefOf, parseRoute } from '../src/ui/router.js';

describe('routes', () => {
  it('parses and prints hash routes', () => {
    expect(parseRoute('#/chat/ses_1')).toEqual({ page: 'chat', sessionId: 'ses_1' });
    expect(parseRoute('#/agents')).toEqual({ page: 'agents' });
    expect(parseRoute('#/agents/new')).toEqual({ page: 'agent' });
    expect(parseRoute('#/agents/edit/scribe')).toEqual({ page: 'agent', name: 'scribe' });
    expect(parseRoute('#/agents/edit/')).toEqual({ page: 'agents' });
    expect(hrefOf({ page: 'agent' })).toBe('#/agents/new');
    expect(hrefOf({ page: 'agent', name: 'new' })).toBe('#/agents/edit/new');
    expect(parseRoute(hrefOf({ page: 'agent', name: 'new' }))).toEqual({ page: 'agent', name: 'new' });
    expect(parseRoute('#/tools')).toEqual({ page: 'tools' });
    expect(parseRoute('#/jobs')).toEqual({ page: 'jobs' });
    expect(hrefOf({ page: 'jobs' })).toBe('#/jobs');
    expect(parseRoute('#/workflows')).toEqual({ page: 'workflows' });
    expect(hrefOf({ page: 'workflows' })).toBe('#/workflows');
    expect(parseRoute('#/settings')).toEqual({ page: 'settings' });
    expect(parseRoute(hrefOf({ page: 'approvals' }))).toEqual({ page: 'approvals' });
    expect(parseRoute('#/setup')).toEqual({ page: 'setup' });
    expect(parseRoute('')).toEqual({ page: 'home' });
    expect(parseRoute('#/chat/')).toEqual({ page: 'home' });
    expect(parseRoute('#token=abc')).toEqual({ page: 'home' });
    expect(hrefOf({ page: 'chat', sessionId: 'a/b' })).toBe('#/chat/a%2Fb');
    expect(parseRoute(hrefOf({ page: 'chat', sessionId: 'a/b' }))).toEqual({ page: 'chat', sessionId: 'a/b' });
  });

  it('turns a path route into the same hash route', () => {
    const replaceState = vi.fn();
    adoptPathRoute({ pathname: '/chat/ses_9', search: '', hash: '' }, { replaceState, state: null });
    expect(replaceState).toHaveBeenCalledWith(null, '', '/#/chat/ses_9');
    replaceState.mockClear();
    adoptPathRoute({ pathname: '/', search: '', hash: '' }, { replaceState, state: null });
    adoptPathRoute({ pathname: '/index.html', search: '', hash: '' }, { replaceState, state: null });
    adoptPathRoute({ pathname: '/agents', search: '', hash: '#/settings' }, { replaceState, state: null });
    expect(replaceState).not.toHaveBeenCalled();
  });
});
