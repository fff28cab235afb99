import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HostErrorCode } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/ports/index.js';
import { PrivateJsonFile, writePrivateJson, type DamageReport } from '../../src/state/index.js';
import { modeOf, tempDir } from './temp-dir.js';

const posix = process.platform !== 'win32';
const counter = (raw: unknown): { n: number } => {
  if (typeof (raw as { n?: unknown }).n !== 'number') throw new Error('n must be a number');
  return raw as { n: number };
};

describe('private JSON files', () => {
  it.runIf(posix)('are written 0600 into a directory created 0700, with no temp file left behind', async () => {
    const dir = path.join(await tempDir(), 'data');
    const file = path.join(dir, 'state.json');
    await writePrivateJson(file, { n: 1 });
    expect(modeOf(await stat(file))).toBe(0o600);
    expect(modeOf(await stat(dir))).toBe(0o700);
    expect(await readdir(dir)).toEqual(['state.json']);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ n: 1 });
  });

  it.runIf(posix)('replace a file that was readable by others with a 0600 one', async () => {
    const file = path.join(await tempDir(), 'state.json');
    await writeFile(file, '{"n":0}', { mode: 0o644 });
    await new PrivateJsonFile({ file, parse: counter }).write({ n: 1 });
    expect(modeOf(await stat(file))).toBe(0o600);
  });

  it('read as undefined when missing', async () => {
    expect(await new PrivateJsonFile({ file: path.join(await tempDir(), 'none.json'), parse: counter }).read()).toBeUndefined();
  });

  it('keep a damaged file aside and say which file and what is wrong', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'state.json');
    await writeFile(file, '{"n": 1,');
    const clock = new ManualClock(Date.UTC(2025, 4, 6, 7, 8, 9, 10));
    const failure = await new PrivateJsonFile({ file, parse: counter, clock }).read().catch((error: unknown) => error);
    const movedTo = `${file}.corrupt-2025-05-06T07-08-09-010Z`;
    expect(failure).toMatchObject({ code: HostErrorCode.StateFileDamaged, data: { file, movedTo } });
    expect((failure as Error).message).toContain(file);
    expect((failure as Error).message).toContain('not valid JSON');
    expect((failure as Error).message).toContain(movedTo);
    expect(await readFile(movedTo, 'utf8')).toBe('{"n": 1,');
    expect(await readdir(dir)).toEqual([path.basename(movedTo)]);
  });

  it('count JSON of the wrong shape as damaged, and never overwrite an earlier corrupt copy', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'state.json');
    const clock = new ManualClock();
    const reports: DamageReport[] = [];
    const store = new PrivateJsonFile({ file, parse: counter, clock, recover: (report) => reports.push(report) });
    await writeFile(file, '{"n": "one"}');
    expect(await store.read()).toBeUndefined();
    await writeFile(file, '[]');
    expect(await store.read()).toBeUndefined();
    expect(reports.map((report) => report.reason)).toEqual(['n must be a number', 'n must be a number']);
    expect(new Set(reports.map((report) => report.movedTo)).size).toBe(2);
    expect((await readdir(dir)).sort()).toHaveLength(2);
  });

  it('serialize concurrent read-modify-write updates, so none is lost', async () => {
    const file = path.join(await tempDir(), 'state.json');
    const stores = [new PrivateJsonFile({ file, parse: counter }), new PrivateJsonFile({ file, parse: counter })];
    await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        stores[index % 2]!.update(async (current) => {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
          return { n: (current?.n ?? 0) + 1 };
        }),
      ),
    );
    expect(await stores[0]!.read()).toEqual({ n: 50 });
  });

  it('keep going after a failed update, and leave the file alone when the update returns undefined', async () => {
    const file = path.join(await tempDir(), 'state.json');
    const store = new PrivateJsonFile({ file, parse: counter });
    await store.write({ n: 1 });
    await expect(store.update(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await store.update(() => undefined)).toBeUndefined();
    expect(await store.update((current) => ({ n: current!.n + 1 }))).toEqual({ n: 2 });
  });

  it('name the file when it cannot be written', async () => {
    const dir = await tempDir();
    const blocker = path.join(dir, 'not-a-dir');
    await writeFile(blocker, '');
    const file = path.join(blocker, 'state.json');
    await expect(writePrivateJson(file, {})).rejects.toMatchObject({ code: HostErrorCode.Internal, message: expect.stringContaining(file) });
  });
});
