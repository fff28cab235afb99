// Building a prompt's request body: `provider/model` strings and file attachments. OpenCode
// reads `file://` attachments itself: `text/plain` files become a synthetic "Read tool" result,
// `application/x-directory` a folder listing, anything else is sent to the model as data.

import { basename, extname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FilePartInput, TextPartInput } from '@opencode-ai/sdk/v2';
import { badInput } from './errors.js';
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
