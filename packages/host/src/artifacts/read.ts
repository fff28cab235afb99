// An artifact's content, read-only. A file is read only from inside the session's workspace
// folder: the asked path is resolved against the folder, every link on the way is followed
// (realpath), and whatever ends up outside the folder's own real path is refused, whether it
// got there by "..", by an absolute path or through a link planted in the folder. A chart is
// read from the charts server's folder by its content id, which names nothing else.
import { open, realpath } from 'node:fs/promises';
import path from 'node:path';
import { CodedError, HostErrorCode, type ArtifactContent } from '@open-cowork/contracts';
import { contentTypeOf } from '../content-types.js';

/** The most of a file returned (its start; `truncated` says so). */
export const MAX_ARTIFACT_BYTES = 1024 * 1024;
/** A NUL byte in this much of the start marks a binary file. */
const SNIFF_BYTES = 8192;
const CHART = /^chart-[0-9a-f]{16}$/;

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
    const content = await readCapped(path.join(folders.artifactsDir, `${chartId}.svg`), id);
    return { id, kind: 'chart', mime: 'image/svg+xml', ...content };
  }
  if (!id.startsWith('file:')) throw badId(id, 'an artifact id starts with "file:" or "chart:"');
  const asked = id.slice('file:'.length);
  if (asked === '' || asked.includes('\0')) throw badId(id, 'the path is empty or holds a NUL character');
  const real = await insideWorkspace(asked, folders.workspaceDir, id);
  const content = await readCapped(real, id);
  const mime = content.binary ? 'application/octet-stream' : (contentTypeOf(real)?.split(';')[0] ?? 'text/plain');
  return { id, kind: 'file', mime, ...content };
}

/** The real path of `asked` (relative to the workspace, or absolute), if it lies inside the workspace. */
async function insideWorkspace(asked: string, workspaceDir: string, id: string): Promise<string> {
  const root = await realpath(workspaceDir);
  const resolved = path.resolve(root, asked);
  if (!within(root, resolved)) throw outside(id, asked, workspaceDir);
  const real = await realpath(resolved).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') throw missing(id, asked);
    throw error;
  });
  if (!within(root, real)) throw outside(id, asked, workspaceDir);
  return real;
}

async function readCapped(file: string, id: string): Promise<Omit<ArtifactContent, 'id' | 'kind' | 'mime'>> {
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw missing(id, file);
    throw error;
  });
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
