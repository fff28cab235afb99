// readArtifact on real files: text, a binary file, a file over the size cap, a chart by id,
// and refusals (a missing file, a folder, a malformed chart id); links leading out of the
// workspace (to a file beside it, to a device) and a FIFO planted in it, which must neither be
// read nor block the read.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CodedError } from '@open-cowork/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ARTIFACT_BYTES, readArtifact } from '../../src/artifacts/read.js';

let root = '';
let folders: { workspaceDir: string; artifactsDir: string };

beforeAll(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), 'oc-artifacts-')));
  folders = { workspaceDir: path.join(root, 'ws'), artifactsDir: path.join(root, 'artifacts') };
  mkdirSync(path.join(folders.workspaceDir, 'sub'), { recursive: true });
  mkdirSync(folders.artifactsDir);
  writeFileSync(path.join(folders.workspaceDir, 'sub', 'data.json'), '{"a":1}');
  writeFileSync(path.join(folders.workspaceDir, 'image.bin'), Buffer.from([0x89, 0x50, 0x00, 0x01]));
  writeFileSync(path.join(folders.workspaceDir, 'big.txt'), 'x'.repeat(MAX_ARTIFACT_BYTES + 10));
  writeFileSync(path.join(folders.artifactsDir, 'chart-00112233aabbccdd.svg'), '<svg xmlns="http://www.w3.org/2000/svg"></svg>');
  writeFileSync(path.join(root, 'beside.txt'), 'BESIDE_SECRET');
  symlinkSync(path.join(root, 'beside.txt'), path.join(folders.workspaceDir, 'link.txt'));
  symlinkSync('..', path.join(folders.workspaceDir, 'up'));
  symlinkSync('/dev/zero', path.join(folders.workspaceDir, 'zero'));
  if (process.platform !== 'win32') execFileSync('mkfifo', [path.join(folders.workspaceDir, 'pipe')]);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const refusal = async (id: string): Promise<CodedError> => {
  const error = await readArtifact(id, folders).then(() => undefined, (e: unknown) => e);
  expect(error, id).toBeInstanceOf(CodedError);
  return error as CodedError;
};

describe('readArtifact', () => {
  it('reads a text file with its media type', async () => {
    expect(await readArtifact('file:sub/data.json', folders)).toEqual({ id: 'file:sub/data.json', kind: 'file', mime: 'application/json', text: '{"a":1}', bytes: 7, truncated: false, binary: false });
  });

  it('says a binary file is binary without returning it', async () => {
    expect(await readArtifact('file:image.bin', folders)).toMatchObject({ binary: true, text: '', bytes: 4, mime: 'application/octet-stream' });
  });

  it('returns the first MiB of a larger file, marked truncated', async () => {
    const big = await readArtifact('file:big.txt', folders);
    expect(big).toMatchObject({ truncated: true, bytes: MAX_ARTIFACT_BYTES + 10 });
    expect(big.text.length).toBe(MAX_ARTIFACT_BYTES);
  });

  it('reads a chart by its id from the charts folder', async () => {
    expect(await readArtifact('chart:chart-00112233aabbccdd', folders)).toMatchObject({ kind: 'chart', mime: 'image/svg+xml', text: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' });
  });

  it('refuses links leading out of the workspace, to a file or a device, without reading them', async () => {
    for (const id of ['file:link.txt', 'file:up/beside.txt', 'file:zero', 'file:sub/../up/beside.txt']) {
      const error = await refusal(id);
      expect(error.code, id).toBe('BAD_REQUEST');
      expect(error.message, id).toContain(`is outside the workspace ${folders.workspaceDir}`);
      expect(JSON.stringify(error), id).not.toContain('BESIDE_SECRET');
    }
  });

  it.skipIf(process.platform === 'win32')('refuses a FIFO in the workspace at once, as not a regular file', async () => {
    const error = await refusal('file:pipe');
    expect(error.message).toContain('not a regular file');
  });

  it('refuses with BAD_REQUEST at /id, naming the id: a missing file, a folder, bad ids', async () => {
    for (const id of ['file:gone.txt', 'file:sub', 'file:', 'file:a\0b', 'chart:chart-00112233AABBCCDD', 'chart:../ws/sub/data.json', 'data.json']) {
      const error = await refusal(id);
      expect(error.code, id).toBe('BAD_REQUEST');
      expect(error.data, id).toMatchObject({ pointer: '/id' });
      expect(error.message, id).toContain(`"${id}"`);
    }
  });
});
