// An artifact's content, read-only. A file is read only from inside the session's workspace
// folder. The asked path is resolved against the folder and opened; then the path of what was
// actually opened (on Linux /proc/self/fd, elsewhere the real path right after opening) must lie
// inside the folder's own real path. So "..", an absolute path and a link planted in the folder
// are all refused, and on Linux a link swapped in between the check and the read cannot win a
// race, because the check is made on the open file itself. Opening never blocks (a FIFO planted
// in the folder is opened non-blocking and refused as not a regular file). A chart is read from
// the charts server's folder by its content id, which names nothing else.
import { constants } from 'node:fs';
import { open, readlink, realpath, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { CodedError, HostErrorCode, type ArtifactContent } from '@open-cowork/contracts';
import { contentTypeOf } from '../content-types.js';

/** The most of a file returned (its start; `truncated` says so). */
export const MAX_ARTIFACT_BYTES = 1024 * 1024;
/** A NUL byte in this much of the start marks a binary file. */
const SNIFF_BYTES = 8192;
const CHART = /^chart-[0-9a-f]{16}$/;
const READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

export interface ArtifactFolders {
  /** The session's workspace folder. */
  readonly workspaceDir: string;
  /** Where the charts server saves its SVG files. */
  readonly artifactsDir: string;
}

export async function readArtifact(id: string, folders: ArtifactFolders): Promise<ArtifactContent> {
  if (id.startsWith('chart:')) {
    const chartId = id.slice('chart:'.length);
    if (!CHART.test(chartId)) throw badId(id, 'a chart id is "chart:chart-" and 16 hexadecimal digits');
    const file = path.join(folders.artifactsDir, `${chartId}.svg`);
    const content = await readCapped(await openFile(file, chartId, id), id);
    return { id, kind: 'chart', mime: 'image/svg+xml', ...content };
  }
  if (!id.startsWith('file:')) throw badId(id, 'an artifact id starts with "file:" or "chart:"');
  const asked = id.slice('file:'.length);
  if (asked === '' || asked.includes('\0')) throw badId(id, 'the path is empty or holds a NUL character');
  const { handle, real } = await openInsideWorkspace(asked, folders.workspaceDir, id);
  const content = await readCapped(handle, id);
  const mime = content.binary ? 'application/octet-stream' : (contentTypeOf(real)?.split(';')[0] ?? 'text/plain');
  return { id, kind: 'file', mime, ...content };
}

/** `asked` (relative to the workspace, or absolute) opened, if what was opened lies inside the workspace. */
async function openInsideWorkspace(asked: string, workspaceDir: string, id: string): Promise<{ handle: FileHandle; real: string }> {
  const root = await realpath(workspaceDir);
  const resolved = path.resolve(root, asked);
  if (!within(root, resolved)) throw outside(id, asked, workspaceDir);
  const handle = await openFile(resolved, asked, id);
  try {
    const real = (await openedPath(handle)) ?? (await realpath(resolved));
    if (!within(root, real)) throw outside(id, asked, workspaceDir);
    return { handle, real };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function openFile(file: string, asked: string, id: string): Promise<FileHandle> {
  return open(file, READ_FLAGS).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') throw missing(id, asked);
    throw error;
  });
}

/** The path of the file a handle holds, from the kernel (Linux); undefined where it cannot tell. */
async function openedPath(handle: FileHandle): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  return readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
}

/** Reads the start of an open file and closes it. */
async function readCapped(handle: FileHandle, id: string): Promise<Omit<ArtifactContent, 'id' | 'kind' | 'mime'>> {
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw badId(id, 'it is not a regular file');
    const size = Math.min(info.size, MAX_ARTIFACT_BYTES);
    const buffer = Buffer.alloc(size);
    const { bytesRead } = size === 0 ? { bytesRead: 0 } : await handle.read(buffer, 0, size, 0);
    const data = buffer.subarray(0, bytesRead);
    const binary = data.subarray(0, SNIFF_BYTES).includes(0);
    return { text: binary ? '' : data.toString('utf8'), bytes: info.size, truncated: info.size > bytesRead, binary };
  } finally {
    await handle.close();
  }
}

function within(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function badId(id: string, why: string): CodedError {
  const message = `id: "${id}" cannot be read: ${why}.`;
  return new CodedError(HostErrorCode.BadRequest, message, { pointer: '/id', issues: [{ pointer: '/id', message }] });
}

function outside(id: string, asked: string, workspaceDir: string): CodedError {
  return badId(id, `"${asked}" is outside the workspace ${workspaceDir}`);
}

function missing(id: string, asked: string): CodedError {
  const message = `id: "${id}": there is no file "${asked}" any more.`;
  return new CodedError(HostErrorCode.BadRequest, message, { pointer: '/id', issues: [{ pointer: '/id', message }] });
}
