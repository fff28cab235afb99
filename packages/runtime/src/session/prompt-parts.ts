// Building a prompt's request body: `provider/model` strings and file attachments. OpenCode
// reads `file://` attachments itself: `text/plain` files become a synthetic "Read tool" result,
// `application/x-directory` a folder listing, anything else is sent to the model as data.

import { realpath, stat } from 'node:fs/promises';
import { basename, extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FilePartInput, TextPartInput } from '@opencode-ai/sdk/v2';
import { badInput, RuntimeError, RuntimeRequestErrorCode } from './errors.js';
import type { PromptFile } from './types.js';

/** `provider/model` → OpenCode's pair. Splits at the first `/`: model ids may contain more. */
export function parseModelRef(operation: string, model: string): { providerID: string; modelID: string } {
  const slash = model.indexOf('/');
  const providerID = slash > 0 ? model.slice(0, slash).trim() : '';
  const modelID = slash > 0 ? model.slice(slash + 1).trim() : '';
  if (!providerID || !modelID) throw badInput(operation, `model must look like "provider/model", got "${model}"`);
  return { providerID, modelID };
}

const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
};

export const DIRECTORY_MIME = 'application/x-directory';

/** The mime type OpenCode needs to decide how to read an attachment. */
export function guessMime(path: string): string {
  if (path.endsWith('/') || path.endsWith('\\')) return DIRECTORY_MIME;
  return MIME_BY_EXTENSION[extname(path).toLowerCase()] ?? 'text/plain';
}

export function filePart(directory: string, file: PromptFile): FilePartInput {
  const isFolder = file.path.endsWith('/') || file.path.endsWith('\\');
  const absolute = isAbsolute(file.path) ? resolve(file.path) : resolve(directory, file.path);
  return {
    type: 'file',
    mime: file.mime ?? guessMime(file.path),
    filename: file.filename ?? (basename(absolute) || absolute),
    url: pathToFileURL(absolute).href + (isFolder ? '/' : ''),
  };
}

export function promptParts(operation: string, directory: string, text: string, files: readonly PromptFile[] = []): (TextPartInput | FilePartInput)[] {
  if (text.trim() === '' && files.length === 0) throw badInput(operation, 'a prompt needs text or at least one file');
  const parts: (TextPartInput | FilePartInput)[] = [];
  if (text !== '') parts.push({ type: 'text', text });
  for (const file of files) parts.push(filePart(directory, file));
  return parts;
}

/**
 * The attachments with each path replaced by its real one, after checking that it lies inside
 * the workspace folder: a path with `..`, an absolute path elsewhere, or a link (anywhere on
 * the way) that leads out is refused with a BAD_REQUEST naming the path, as is a path that
 * does not exist. OpenCode reads attachments itself, without asking, so this is the only
 * check they get. The real path is what OpenCode is given, so a link cannot be changed to
 * lead elsewhere after the check; the name shown to the model stays the one asked for.
 */
export async function attachmentsInside(operation: string, directory: string, files: readonly PromptFile[] = []): Promise<PromptFile[]> {
  const root = await realpath(directory).catch(() => resolve(directory));
  const checked: PromptFile[] = [];
  for (const [index, file] of files.entries()) {
    const isFolder = file.path.endsWith('/') || file.path.endsWith('\\');
    const asked = isAbsolute(file.path) ? resolve(file.path) : resolve(directory, file.path);
    const refuse = (problem: string) =>
      new RuntimeError(RuntimeRequestErrorCode.BadRequest, `${operation}: files[${index}].path: "${file.path}" ${problem}; attach files inside the workspace only.`, {
        operation,
        pointer: `/files/${index}/path`,
      });
    const real = await realpath(asked).catch(() => undefined);
    if (real === undefined) throw refuse(within(root, asked) || within(resolve(directory), asked) ? `does not exist in the workspace ${directory}` : `is outside the workspace ${directory}`);
    if (!within(root, real)) throw refuse(`is outside the workspace ${directory}${real === asked ? '' : ` (it leads to ${real})`}`);
    if (isFolder !== (await stat(real)).isDirectory()) throw refuse(isFolder ? 'is not a folder' : 'is a folder (end its path with "/" to attach a folder listing)');
    checked.push({ ...file, path: isFolder ? `${real}/` : real, filename: file.filename ?? (basename(asked) || basename(real)) });
  }
  return checked;
}

function within(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}
