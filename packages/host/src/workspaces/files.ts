// The files of a workspace folder, for the composer's attachment picker (workspaces.files).
// A bounded, breadth-first walk: it skips `.git`, `node_modules` and every other hidden
// folder, follows a link only when it leads to somewhere inside the workspace (and never into
// a folder it has already walked, so link loops end), and stops after a fixed number of
// entries or a time budget, saying so with `truncated`. Paths come back relative, with "/"
// separators, built from the names the walk saw: nothing outside the folder can appear.
import type { Dirent } from 'node:fs';
import { opendir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { WorkspaceFile } from '@open-cowork/contracts';

export interface FileWalkOptions {
  /** Words that must all appear in the relative path (case-insensitive); empty lists everything. */
  readonly query?: string;
  /** Most files returned. Default 200. */
  readonly limit?: number;
  /** Most directory entries looked at before the walk gives up. Default 50,000. */
  readonly maxEntries?: number;
  /** Deepest folder level walked (the workspace itself is 0). Default 24. */
  readonly maxDepth?: number;
  /** Time budget in milliseconds. Default 3000. */
  readonly timeBudgetMs?: number;
  readonly now?: () => number;
}

export interface FileWalkResult {
  readonly files: WorkspaceFile[];
  /** More matched than were returned, or the walk stopped before it saw every entry. */
  readonly truncated: boolean;
}

/** Folders never walked, whatever their place in the tree (besides every hidden folder). */
const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '__pycache__']);
/** Matches kept for ranking before the walk stops collecting (it keeps counting). */
const CANDIDATE_CAP = 5_000;

interface Candidate {
  readonly file: WorkspaceFile;
  readonly depth: number;
  readonly score: number;
}

export async function listWorkspaceFiles(root: string, options: FileWalkOptions = {}): Promise<FileWalkResult> {
  const limit = Math.max(1, Math.floor(options.limit ?? 200));
  const maxEntries = options.maxEntries ?? 50_000;
  const maxDepth = options.maxDepth ?? 24;
  const now = options.now ?? Date.now;
  const deadline = now() + (options.timeBudgetMs ?? 3000);
  const words = queryWords(options.query);

  const realRoot = await realpath(root);
  const walked = new Set<string>([realRoot]);
  /** Folders still to walk: their real path and their path relative to the workspace. */
  const queue: { real: string; relative: string; depth: number }[] = [{ real: realRoot, relative: '', depth: 0 }];
  const candidates: Candidate[] = [];
  let matched = 0;
  let entries = 0;
  let stopped = false;

  walk: for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (now() > deadline) {
      stopped = true;
      break;
    }
    let dir;
    try {
      dir = await opendir(next.real);
    } catch {
      continue; // unreadable or gone: leave it out
    }
    try {
      for await (const entry of dir) {
        entries += 1;
        if (entries > maxEntries || (entries % 256 === 0 && now() > deadline)) {
          stopped = true;
          break walk;
        }
        const relative = next.relative === '' ? entry.name : `${next.relative}/${entry.name}`;
        const kind = await kindOf(entry, path.join(next.real, entry.name), realRoot);
        if (kind === undefined) continue;
        if (kind.type === 'dir') {
          if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name) || next.depth + 1 > maxDepth || walked.has(kind.real)) continue;
          walked.add(kind.real);
          queue.push({ real: kind.real, relative, depth: next.depth + 1 });
          continue;
        }
        const score = scoreOf(relative, words);
        if (score === undefined) continue;
        matched += 1;
        if (candidates.length < CANDIDATE_CAP) {
          candidates.push({ file: { path: relative, size: kind.size, modified: Math.round(kind.modified) }, depth: next.depth, score });
        }
      }
    } finally {
      // `for await` closes the handle when it finishes or breaks; closing again is harmless.
      await dir.close().catch(() => undefined);
    }
  }

  candidates.sort(words.length === 0 ? byDepthThenPath : byScoreThenPath);
  return { files: candidates.slice(0, limit).map((candidate) => candidate.file), truncated: stopped || matched > limit };
}

type Kind = { readonly type: 'dir'; readonly real: string } | { readonly type: 'file'; readonly size: number; readonly modified: number };

/** A folder (with its real path) or a regular file (with its size and time); undefined for anything else or anything leading outside `realRoot`. */
async function kindOf(entry: Dirent, full: string, realRoot: string): Promise<Kind | undefined> {
  try {
    if (entry.isSymbolicLink()) {
      const real = await realpath(full);
      if (!inside(real, realRoot)) return undefined;
      const info = await stat(real);
      if (info.isDirectory()) return { type: 'dir', real };
      return info.isFile() ? { type: 'file', size: info.size, modified: info.mtimeMs } : undefined;
    }
    if (entry.isDirectory()) return { type: 'dir', real: full };
    if (!entry.isFile()) return undefined;
    const info = await stat(full);
    return { type: 'file', size: info.size, modified: info.mtimeMs };
  } catch {
    return undefined; // vanished, dangling link, no permission
  }
}

function inside(candidate: string, root: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

export function queryWords(query: string | undefined): string[] {
  return (query ?? '')
    .toLowerCase()
    .replace(/\\/g, '/')
    .split(/\s+/)
    .filter((word) => word !== '');
}

/**
 * How well a path matches: undefined when some word is missing; otherwise lower is better.
 * Words found in the file name beat words found only in folder names, a name that starts with
 * a word beats one that merely contains it, and shorter paths win ties.
 */
export function scoreOf(relative: string, words: readonly string[]): number | undefined {
  if (words.length === 0) return 0;
  const lower = relative.toLowerCase();
  const name = lower.slice(lower.lastIndexOf('/') + 1);
  let score = 0;
  for (const word of words) {
    if (!lower.includes(word)) return undefined;
    if (name === word) continue;
    if (name.startsWith(word)) score += 1;
    else if (name.includes(word)) score += 2;
    else score += 4;
  }
  return score * 1000 + Math.min(lower.length, 999);
}

function byDepthThenPath(a: Candidate, b: Candidate): number {
  return a.depth - b.depth || compare(a.file.path, b.file.path);
}

function byScoreThenPath(a: Candidate, b: Candidate): number {
  return a.score - b.score || compare(a.file.path, b.file.path);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
