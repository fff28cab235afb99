// The knowledge base on disk: one Markdown file per note (`<id>.md`, YAML frontmatter with
// title, tags and dates) in OPEN_COWORK_KNOWLEDGE_DIR, and `.index.json` beside them with
// each note's metadata and term counts. The index is derived data: Markdown files added,
// edited or removed by hand are picked up (by size and mtime) on the next call, and a
// missing or damaged index is rebuilt.

import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isInside, isSlug, parseMarkdown, renderFrontmatter, serialQueue, slugify, ToolError, writeFileAtomic } from '@open-cowork/mcp-kit';
import { rank, snippet, termStats, type TermStats } from './rank.js';

export const INDEX_FILE = '.index.json';
const INDEX_VERSION = 1;

export interface NoteMeta {
  id: string;
  title: string;
  tags: string[];
  created: string;
  updated: string;
}

export interface Note extends NoteMeta {
  body: string;
  path: string;
}

interface IndexEntry extends NoteMeta, TermStats {
  mtimeMs: number;
  size: number;
}

interface IndexFile {
  version: number;
  notes: Record<string, IndexEntry>;
}

export interface SearchHit extends NoteMeta {
  score: number;
  snippet: string;
}

/** Tags are compared and stored lower-case, trimmed, inner spaces collapsed. */
export function normaliseTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim().toLowerCase().replace(/\s+/g, ' ')).filter((tag) => tag !== ''))];
}

export class KnowledgeStore {
  private readonly queue = serialQueue();

  constructor(
    readonly dir: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Absolute path of a note, after checking that the id is a slug (so it cannot leave the directory). */
  notePath(id: string): string {
    if (!isSlug(id)) {
      throw new ToolError(`"${id}" is not a note id; ids are lower-case letters, digits and hyphens (as returned by add, list and search).`);
    }
    const file = path.join(this.dir, `${id}.md`);
    if (!isInside(this.dir, file)) throw new ToolError(`"${id}" is not a note id.`);
    return file;
  }

  add(input: { title: string; body: string; tags: readonly string[] }): Promise<Note> {
    return this.queue(async () => {
      const title = input.title.trim();
      if (title === '') throw new ToolError('The title is empty.');
      const index = await this.sync();
      const base = slugify(title, 60) || 'note';
      let id = base;
      for (let n = 2; index.notes[id] !== undefined || (await exists(this.notePath(id))); n += 1) id = `${base}-${n}`;
      const now = this.clock().toISOString();
      const meta: NoteMeta = { id, title, tags: normaliseTags(input.tags), created: now, updated: now };
      const file = this.notePath(id);
      const body = input.body.replace(/\r\n?/g, '\n').trim();
      await writeFileAtomic(file, renderFrontmatter({ title: meta.title, tags: meta.tags, created: meta.created, updated: meta.updated }) + '\n' + body + '\n');
      const stats = await stat(file);
      index.notes[id] = { ...meta, ...termStats({ title, tags: meta.tags, body }), mtimeMs: stats.mtimeMs, size: stats.size };
      await this.writeIndex(index);
      return { ...meta, body, path: file };
    });
  }

  async read(id: string): Promise<Note> {
    const file = this.notePath(id);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      throw new ToolError(`No note with id "${id}". Use knowledge_search or knowledge_list to find ids.`);
    }
    const stats = await stat(file);
    const { meta, body } = readNote(id, text, stats.mtime);
    return { ...meta, body, path: file };
  }

  list(options: { tag?: string | undefined; limit: number }): Promise<{ total: number; notes: NoteMeta[] }> {
    return this.queue(async () => {
      const index = await this.sync();
      const tag = options.tag === undefined ? undefined : normaliseTags([options.tag])[0];
      const notes = Object.values(index.notes)
        .filter((entry) => tag === undefined || entry.tags.includes(tag))
        .sort((a, b) => b.updated.localeCompare(a.updated) || a.id.localeCompare(b.id))
        .map(metaOf);
      return { total: notes.length, notes: notes.slice(0, options.limit) };
    });
  }

  search(query: string, options: { limit: number; tags?: readonly string[] | undefined }): Promise<{ total: number; results: SearchHit[] }> {
    return this.queue(async () => {
      const index = await this.sync();
      const tags = normaliseTags(options.tags ?? []);
      const candidates = Object.values(index.notes).filter((entry) => tags.every((tag) => entry.tags.includes(tag)));
      const ranked = rank(candidates, query);
      const results: SearchHit[] = [];
      for (const { item, score, matched } of ranked.slice(0, options.limit)) {
        let excerpt = '';
        try {
          excerpt = snippet(readNote(item.id, await readFile(this.notePath(item.id), 'utf8'), new Date(item.mtimeMs)).body, matched);
        } catch {
          // Removed since the index was read; the next call drops it.
        }
        results.push({ ...metaOf(item), score: Math.round(score * 1000) / 1000, snippet: excerpt });
      }
      return { total: ranked.length, results };
    });
  }

  /** The index, brought up to date with the Markdown files on disk (written back when it changed). */
  private async sync(): Promise<IndexFile> {
    const index = await this.readIndex();
    let changed = index.version !== INDEX_VERSION;
    if (changed) index.notes = {};
    index.version = INDEX_VERSION;

    const files = new Map<string, { mtimeMs: number; size: number; mtime: Date }>();
    for (const entry of await readdir(this.dir, { withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.md')) continue;
      const id = entry.name.slice(0, -3);
      if (!isSlug(id)) continue; // only files whose names are ids are notes
      const stats = await stat(path.join(this.dir, entry.name)).catch(() => undefined);
      if (stats) files.set(id, { mtimeMs: stats.mtimeMs, size: stats.size, mtime: stats.mtime });
    }
    for (const id of Object.keys(index.notes)) {
      if (!files.has(id)) {
        delete index.notes[id];
        changed = true;
      }
    }
    for (const [id, file] of files) {
      const known = index.notes[id];
      if (known && known.mtimeMs === file.mtimeMs && known.size === file.size) continue;
      const text = await readFile(path.join(this.dir, `${id}.md`), 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      const { meta, body } = readNote(id, text, file.mtime);
      index.notes[id] = { ...meta, ...termStats({ title: meta.title, tags: meta.tags, body }), mtimeMs: file.mtimeMs, size: file.size };
      changed = true;
    }
    if (changed) await this.writeIndex(index);
    return index;
  }

  private async readIndex(): Promise<IndexFile> {
    try {
      const parsed = JSON.parse(await readFile(path.join(this.dir, INDEX_FILE), 'utf8')) as Partial<IndexFile>;
      if (parsed && typeof parsed === 'object' && parsed.notes && typeof parsed.notes === 'object') {
        return { version: Number(parsed.version), notes: parsed.notes };
      }
    } catch {
      // Missing or damaged: rebuilt from the notes.
    }
    return { version: 0, notes: {} };
  }

  private writeIndex(index: IndexFile): Promise<void> {
    return writeFileAtomic(path.join(this.dir, INDEX_FILE), JSON.stringify(index) + '\n');
  }
}

/** A note's metadata and body from its Markdown, with fallbacks for files written by hand. */
export function readNote(id: string, text: string, mtime: Date): { meta: NoteMeta; body: string } {
  const { data, body } = parseMarkdown(text);
  const heading = /^#\s+(.+)$/m.exec(body)?.[1]?.trim();
  const title = typeof data['title'] === 'string' && data['title'].trim() !== '' ? data['title'].trim() : (heading ?? id);
  const rawTags = data['tags'];
  const tags = normaliseTags(Array.isArray(rawTags) ? rawTags : typeof rawTags === 'string' ? rawTags.split(',') : []);
  const fallback = mtime.toISOString();
  const created = typeof data['created'] === 'string' && data['created'] !== '' ? data['created'] : fallback;
  const updated = typeof data['updated'] === 'string' && data['updated'] !== '' ? data['updated'] : fallback;
  return { meta: { id, title, tags, created, updated }, body: body.trim() };
}

function metaOf(entry: IndexEntry): NoteMeta {
  return { id: entry.id, title: entry.title, tags: entry.tags, created: entry.created, updated: entry.updated };
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
