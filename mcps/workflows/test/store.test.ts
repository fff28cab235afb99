import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { tempDir } from '@open-cowork/mcp-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkflowStore } from '../src/store.js';

let tmp: Awaited<ReturnType<typeof tempDir>>;
let store: WorkflowStore;
let tick = 0;

beforeEach(async () => {
  tmp = await tempDir('workflows');
  tick = 0;
  store = new WorkflowStore(tmp.dir, () => new Date(Date.UTC(2025, 4, 1, 9, 0, tick++)));
});
afterEach(() => tmp.remove());

const digest = { name: 'digest', title: 'Daily digest', template: 'Summarise {{source}} in {{words}} words.', params: [{ name: 'source' }, { name: 'words', default: 100 }] };

describe('WorkflowStore', () => {
  it('saves, lists, gets and replaces only with overwrite (keeping the creation date)', async () => {
    const first = await store.save({ ...digest, overwrite: false });
    expect(first).toMatchObject({ created: true, playbook: { name: 'digest', created: '2025-05-01T09:00:00.000Z' } });
    expect(JSON.parse(await readFile(path.join(tmp.dir, 'digest.json'), 'utf8'))).toMatchObject({ title: 'Daily digest' });
    await expect(store.save({ ...digest, overwrite: false })).rejects.toThrow('already exists; pass overwrite: true');
    const second = await store.save({ ...digest, title: 'Digest v2', overwrite: true });
    expect(second.playbook).toMatchObject({ created: '2025-05-01T09:00:00.000Z', updated: '2025-05-01T09:00:01.000Z', title: 'Digest v2' });
    expect(await store.list()).toEqual([{ name: 'digest', title: 'Digest v2', description: '', params: ['source', 'words'], updated: '2025-05-01T09:00:01.000Z' }]);
  });

  it('runs: fills the template, logs the run as NDJSON, lists runs newest first', async () => {
    await store.save({ ...digest, overwrite: false });
    const run1 = await store.run('digest', { source: 'the inbox' });
    expect(run1).toMatchObject({ playbook: 'digest', prompt: 'Summarise the inbox in 100 words.', args: { source: 'the inbox', words: '100' } });
    expect(run1.id).toMatch(/^run-20250501T090001Z-[0-9a-f]{6}$/);
    const run2 = await store.run('digest', { source: 'Slack', words: 50 });
    await appendFile(path.join(tmp.dir, 'runs', 'digest.ndjson'), '{"broken\n');
    const runs = await store.runs('digest', 10);
    expect(runs.map((run) => run.id)).toEqual([run2.id, run1.id]);
    expect(await store.runs('digest', 1)).toHaveLength(1);
    const lines = (await readFile(path.join(tmp.dir, 'runs', 'digest.ndjson'), 'utf8')).trim().split('\n');
    expect(JSON.parse(lines[0] as string)).toEqual({ id: run1.id, playbook: 'digest', time: run1.time, args: run1.args, prompt: run1.prompt });
  });

  it('deletes playbooks but keeps their runs; refuses unknown and invalid names', async () => {
    await store.save({ ...digest, overwrite: false });
    await store.run('digest', { source: 'x' });
    await store.delete('digest');
    expect(await store.list()).toEqual([]);
    await expect(store.get('digest')).rejects.toThrow('No playbook named "digest"');
    await expect(store.run('digest', {})).rejects.toThrow('No playbook named "digest"');
    expect(await store.runs('digest', 5)).toHaveLength(1);
    await expect(store.delete('digest')).rejects.toThrow('No playbook named');
    await expect(store.get('../etc/passwd')).rejects.toThrow('is not a playbook name');
    await expect(store.runs('../x', 5)).rejects.toThrow('is not a playbook name');
  });
});
