import { readFile, utimes, writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { ToolError } from '@open-cowork/mcp-kit';
import { tempDir } from '@open-cowork/mcp-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INDEX_FILE, KnowledgeStore } from '../src/store.js';

let tmp: Awaited<ReturnType<typeof tempDir>>;
let store: KnowledgeStore;
let tick = 0;

beforeEach(async () => {
  tmp = await tempDir('knowledge');
  tick = 0;
  store = new KnowledgeStore(tmp.dir, () => new Date(Date.UTC(2025, 0, 1, 0, 0, tick++)));
});
afterEach(() => tmp.remove());

describe('KnowledgeStore', () => {
  it('adds notes as Markdown with frontmatter under unique slug ids', async () => {
    const first = await store.add({ title: 'Pricing: Q3 review!', body: 'Raise prices 5%.\r\n', tags: ['Pricing', ' pricing ', 'Q3'] });
    expect(first).toMatchObject({ id: 'pricing-q3-review', tags: ['pricing', 'q3'], created: '2025-01-01T00:00:00.000Z' });
    const second = await store.add({ title: 'Pricing — Q3 review', body: 'Again', tags: [] });
    expect(second.id).toBe('pricing-q3-review-2');
    expect((await store.add({ title: '???', body: '', tags: [] })).id).toBe('note');

    const text = await readFile(path.join(tmp.dir, 'pricing-q3-review.md'), 'utf8');
    expect(text).toBe('---\ntitle: "Pricing: Q3 review!"\ntags: [pricing, q3]\ncreated: "2025-01-01T00:00:00.000Z"\nupdated: "2025-01-01T00:00:00.000Z"\n---\n\nRaise prices 5%.\n');
    expect(await store.read('pricing-q3-review')).toMatchObject({ title: 'Pricing: Q3 review!', body: 'Raise prices 5%.', tags: ['pricing', 'q3'] });
  });

  it('lists newest first, filters by tag, and searches with the title boosted', async () => {
    await store.add({ title: 'Team lunch', body: 'We talked about pricing briefly.', tags: ['social'] });
    await store.add({ title: 'Pricing decision', body: 'Prices go up in March.', tags: ['decision'] });
    const listed = await store.list({ limit: 10 });
    expect(listed.notes.map((note) => note.id)).toEqual(['pricing-decision', 'team-lunch']);
    expect((await store.list({ tag: 'SOCIAL', limit: 10 })).notes.map((note) => note.id)).toEqual(['team-lunch']);

    const found = await store.search('pricing', { limit: 10 });
    expect(found.total).toBe(2);
    expect(found.results.map((hit) => hit.id)).toEqual(['pricing-decision', 'team-lunch']);
    expect(found.results[1]?.snippet).toBe('We talked about pricing briefly.');
    expect((await store.search('pricing', { limit: 10, tags: ['social'] })).results.map((hit) => hit.id)).toEqual(['team-lunch']);
    expect((await store.search('pricing', { limit: 1 })).results).toHaveLength(1);
  });

  it('refuses ids that are not slugs, so nothing outside the directory is read', async () => {
    for (const id of ['../secret', '/etc/passwd', 'a/b', 'UPPER', '.index', '']) {
      await expect(store.read(id)).rejects.toThrow(ToolError);
    }
    await expect(store.read('missing-note')).rejects.toThrow('No note with id "missing-note"');
  });

  it('picks up notes written, edited and removed by hand, and rebuilds a damaged index', async () => {
    await store.add({ title: 'Kept', body: 'alpha', tags: [] });
    await writeFile(path.join(tmp.dir, 'hand-written.md'), '# Onboarding checklist\n\nLaptop, badge, wiki access.\n');
    await writeFile(path.join(tmp.dir, 'Not A Slug.md'), 'ignored');
    expect((await store.search('badge', { limit: 5 })).results).toMatchObject([{ id: 'hand-written', title: 'Onboarding checklist' }]);

    await writeFile(path.join(tmp.dir, 'kept.md'), '---\ntitle: Kept\ntags: [x]\n---\nbeta gamma\n');
    const later = new Date(Date.now() + 5000);
    await utimes(path.join(tmp.dir, 'kept.md'), later, later);
    expect((await store.search('gamma', { limit: 5 })).results.map((hit) => hit.id)).toEqual(['kept']);
    expect((await store.search('alpha', { limit: 5 })).total).toBe(0);

    await rm(path.join(tmp.dir, 'hand-written.md'));
    await writeFile(path.join(tmp.dir, INDEX_FILE), '{ not json');
    const listed = await store.list({ limit: 10 });
    expect(listed.notes.map((note) => note.id)).toEqual(['kept']);
    expect(JSON.parse(await readFile(path.join(tmp.dir, INDEX_FILE), 'utf8'))).toMatchObject({ version: 1 });
  });

  it('keeps every note when adds run concurrently', async () => {
    await Promise.all(Array.from({ length: 8 }, (_, i) => store.add({ title: 'Same title', body: `n${i}`, tags: [] })));
    const listed = await store.list({ limit: 50 });
    expect(listed.total).toBe(8);
    const index = JSON.parse(await readFile(path.join(tmp.dir, INDEX_FILE), 'utf8')) as { notes: Record<string, unknown> };
    expect(Object.keys(index.notes)).toHaveLength(8);
  });
});
