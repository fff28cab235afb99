import { describe, expect, it } from 'vitest';
import { mergeLayer } from '../src/merge.js';
import { Provenance, type LayerRef } from '../src/provenance.js';

const lower: LayerRef = { kind: 'default', file: '/lower.json' };
const upper: LayerRef = { kind: 'downstream', file: '/upper.json' };

function mergeTwo(base: unknown, overlay: unknown, mergedLists: readonly string[] = []) {
  const provenance = new Provenance();
  const first = mergeLayer(undefined, base, lower, provenance);
  const merged = mergeLayer(first, overlay, upper, provenance, new Set(mergedLists)) as Record<string, unknown>;
  return { merged, provenance, first };
}

describe('merging layers', () => {
  it('merges objects deeply, later layer wins', () => {
    const { merged } = mergeTwo(
      { branding: { name: 'Open Cowork', appId: 'a.b', home: { greeting: 'hi' } } },
      { branding: { name: 'Acme', home: { subtitle: 'sub' } } },
    );
    expect(merged['branding']).toEqual({ name: 'Acme', appId: 'a.b', home: { greeting: 'hi', subtitle: 'sub' } });
  });

  it('lets a null that reached the merge clear the inherited value (the loader keeps null only where the schema allows it)', () => {
    const { merged, provenance } = mergeTwo({ providers: { defaultProvider: 'openrouter', defaultModel: 'x' } }, { providers: { defaultModel: null } });
    expect(merged['providers']).toEqual({ defaultProvider: 'openrouter', defaultModel: null });
    expect(provenance.get('/providers/defaultModel')?.layer).toBe(upper);
  });

  it('merges providers by id (they are keyed objects)', () => {
    const { merged } = mergeTwo(
      { providers: { descriptors: { openai: { name: 'OpenAI', models: [{ id: 'a' }] }, copilot: { name: 'Copilot', runtimeActivation: 'config' } } } },
      { providers: { descriptors: { copilot: { runtimeActivation: 'implicit' }, acme: { name: 'Acme' } } } },
    );
    expect(merged['providers']).toEqual({
      descriptors: {
        openai: { name: 'OpenAI', models: [{ id: 'a' }] },
        copilot: { name: 'Copilot', runtimeActivation: 'implicit' },
        acme: { name: 'Acme' },
      },
    });
  });

  it.each([
    ['mcps', 'name'],
    ['agents', 'name'],
    ['skills', 'name'],
    ['tools', 'id'],
  ])('replaces %s whole, as upstream does', (section, key) => {
    const { merged, provenance } = mergeTwo(
      { [section]: [{ [key]: 'one', description: 'first' }, { [key]: 'two', description: 'second' }] },
      { [section]: [{ [key]: 'two', description: 'changed' }] },
    );
    expect(merged[section]).toEqual([{ [key]: 'two', description: 'changed' }]);
    expect(provenance.listRule(`/${section}`)).toEqual({ layer: upper, rule: 'replaced' });
  });

  it.each([
    ['mcps', 'name'],
    ['agents', 'name'],
    ['tools', 'id'],
    ['agentStarterTemplates', 'id'],
  ])('merges %s record by record on "%s" when the layer\'s list began with "..."', (section, key) => {
    const { merged, provenance } = mergeTwo(
      { [section]: [{ [key]: 'one', description: 'first', extra: [1] }, { [key]: 'two', description: 'second' }] },
      { [section]: [{ [key]: 'two', description: 'changed' }, { [key]: 'three', description: 'new' }] },
      [`/${section}`],
    );
    expect(merged[section]).toEqual([
      { [key]: 'one', description: 'first', extra: [1] },
      { [key]: 'two', description: 'changed' },
      { [key]: 'three', description: 'new' },
    ]);
    expect(provenance.listRule(`/${section}`)).toEqual({ layer: upper, rule: 'merged', by: [key] });
  });

  it('identifies a skill by sourceName, or by name without one', () => {
    const { merged } = mergeTwo(
      { skills: [{ name: 'Chart Creator', sourceName: 'chart-creator', badge: 'Skill' }, { name: 'meeting-notes' }] },
      { skills: [{ name: 'Charts', sourceName: 'chart-creator' }, { name: 'meeting-notes', badge: 'Notes' }] },
      ['/skills'],
    );
    expect(merged['skills']).toEqual([
      { name: 'Charts', sourceName: 'chart-creator', badge: 'Skill' },
      { name: 'meeting-notes', badge: 'Notes' },
    ]);
  });

  it('appends plain entries to a "..." list unless the list holds them, and records without identity', () => {
    const { merged } = mergeTwo(
      { providers: { available: ['a', 'b'] }, mcps: [{ name: 'x', credentials: [{ key: 'k', label: 'K' }] }] },
      { providers: { available: ['b', 'c'] }, mcps: [{ name: 'x', credentials: [{ key: 'k', label: 'Key' }, { key: 'j', label: 'J' }] }] },
      ['/providers/available', '/mcps', '/mcps/0/credentials'],
    );
    expect(merged['providers']).toEqual({ available: ['a', 'b', 'c'] });
    expect(merged['mcps']).toEqual([{ name: 'x', credentials: [{ key: 'k', label: 'Key' }, { key: 'j', label: 'J' }] }]);
  });

  it('replaces every other array', () => {
    const { merged } = mergeTwo(
      { providers: { available: ['a', 'b'], descriptors: { a: { models: [{ id: 'x' }, { id: 'y' }] } } }, agentStarterTemplates: [{ id: 't1' }] },
      { providers: { available: ['c'], descriptors: { a: { models: [{ id: 'z' }] } } }, agentStarterTemplates: [{ id: 't2' }] },
    );
    expect(merged['providers']).toEqual({ available: ['c'], descriptors: { a: { models: [{ id: 'z' }] } } });
    expect(merged['agentStarterTemplates']).toEqual([{ id: 't2' }]);
  });

  it('replaces allowedEnvPlaceholders like any list (each file may only use its own anyway)', () => {
    const { merged } = mergeTwo({ allowedEnvPlaceholders: ['A', 'B'] }, { allowedEnvPlaceholders: ['B', 'C'] });
    expect(merged['allowedEnvPlaceholders']).toEqual(['B', 'C']);
  });

  it('replaces a tagged union whole when its kind changes, and merges it while the kind stays', () => {
    const base = { updates: { releaseSource: { kind: 'github-releases', owner: 'o', repo: 'r', channel: 'latest' } } };
    const changed = mergeTwo(base, { updates: { releaseSource: { kind: 'gcs', bucket: 'acme-releases' } } }).merged;
    expect(changed['updates']).toEqual({ releaseSource: { kind: 'gcs', bucket: 'acme-releases' } });
    const same = mergeTwo(base, { updates: { releaseSource: { kind: 'github-releases', channel: 'beta' } } }).merged;
    expect(same['updates']).toEqual({ releaseSource: { kind: 'github-releases', owner: 'o', repo: 'r', channel: 'beta' } });
  });

  it('does not modify its inputs', () => {
    const base = { mcps: [{ name: 'a', description: 'x' }] };
    const overlay = { mcps: [{ name: 'a', description: 'y' }] };
    const provenance = new Provenance();
    const first = mergeLayer(undefined, base, lower, provenance);
    mergeLayer(first, overlay, upper, provenance);
    expect(first).toEqual({ mcps: [{ name: 'a', description: 'x' }] });
    expect(overlay).toEqual({ mcps: [{ name: 'a', description: 'y' }] });
  });

  it('records which layer wrote each value, and where in its file', () => {
    const { provenance } = mergeTwo(
      { mcps: [{ name: 'a', description: 'x', command: ['node', 'a.js'] }, { name: 'b', description: 'b' }] },
      // The layer wrote ["...", { name: "c", … }, { name: "b", … }]; the marker is already taken off.
      { mcps: [{ name: 'c', description: 'new' }, { name: 'b', description: 'changed' }] },
      ['/mcps'],
    );
    expect(provenance.get('/mcps/2/description')).toEqual({ layer: upper, sourcePointer: '/mcps/1/description' });
    expect(provenance.get('/mcps/0/description')).toEqual({ layer: lower, sourcePointer: '/mcps/0/description' });
    expect(provenance.get('/mcps/0/command')).toEqual({ layer: lower, sourcePointer: '/mcps/0/command' });
    // The record moved: it is /mcps/1 in the result but /mcps/2 in the upper file, where "..." is entry 0.
    expect(provenance.get('/mcps/1/description')).toEqual({ layer: upper, sourcePointer: '/mcps/2/description' });
    // The identity is attributed to the last layer that named the record.
    expect(provenance.get('/mcps/1/name')).toEqual({ layer: upper, sourcePointer: '/mcps/2/name' });
  });

  it('forgets the provenance of values a layer replaced', () => {
    const { provenance } = mergeTwo({ providers: { available: ['a', 'b'] }, agentStarterTemplates: [{ id: 'x', label: 'X' }] }, { agentStarterTemplates: [] });
    expect(provenance.get('/agentStarterTemplates')?.layer).toBe(upper);
    expect(provenance.get('/agentStarterTemplates/0/label')).toBeUndefined();
    expect(provenance.get('/providers/available')?.layer).toBe(lower);
  });
});
