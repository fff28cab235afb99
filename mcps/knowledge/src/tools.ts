// The knowledge server's tools: add, search, read, list.

import { defineTool, jsonResult, SLUG_PATTERN, z, type Tool } from '@open-cowork/mcp-kit';
import type { KnowledgeStore } from './store.js';

const tag = z.string().trim().min(1).max(40);

export function knowledgeTools(store: KnowledgeStore): Tool[] {
  return [
    defineTool({
      name: 'add',
      title: 'Add a note',
      description:
        'Saves a new note (Markdown) to the knowledge base and indexes it for search. Returns its id. Use it for facts, decisions and findings worth finding again.',
      input: {
        title: z.string().trim().min(1).max(200).describe('Short, specific title; it weighs most in search.'),
        body: z.string().max(200_000).describe('The note in Markdown.'),
        tags: z.array(tag).max(20).optional().describe('Keywords, e.g. ["customer-x", "pricing"]; stored lower-case.'),
      },
      async run({ title, body, tags }) {
        const note = await store.add({ title, body, tags: tags ?? [] });
        const saved = { id: note.id, title: note.title, tags: note.tags, created: note.created, updated: note.updated, path: note.path };
        return jsonResult(saved, { text: `Saved note "${note.title}" as ${note.id} (${note.path}).\n${JSON.stringify(saved, null, 2)}` });
      },
    }),
    defineTool({
      name: 'search',
      title: 'Search notes',
      description:
        'Full-text search over the knowledge base (titles, tags and bodies; ranked by relevance, case and punctuation ignored). Returns ids, titles and a snippet; read a note for its full text.',
      input: {
        query: z.string().trim().min(1).max(500).describe('Words to look for.'),
        limit: z.number().int().min(1).max(50).optional().describe('Most results to return (default 10).'),
        tags: z.array(tag).max(10).optional().describe('Only notes with all of these tags.'),
      },
      readOnly: true,
      async run({ query, limit, tags }) {
        const { total, results } = await store.search(query, { limit: limit ?? 10, tags });
        return jsonResult({ query, total, results });
      },
    }),
    defineTool({
      name: 'read',
      title: 'Read a note',
      description: 'The full text and metadata of one note, by the id that add, search or list returned.',
      input: { id: z.string().min(1).max(64).describe(`Note id (${SLUG_PATTERN}).`) },
      readOnly: true,
      async run({ id }) {
        const note = await store.read(id);
        return jsonResult({ ...note });
      },
    }),
    defineTool({
      name: 'list',
      title: 'List notes',
      description: 'Notes in the knowledge base, most recently updated first (ids, titles, tags, dates).',
      input: {
        tag: tag.optional().describe('Only notes with this tag.'),
        limit: z.number().int().min(1).max(500).optional().describe('Most notes to return (default 50).'),
      },
      readOnly: true,
      async run({ tag: only, limit }) {
        const result = await store.list({ tag: only, limit: limit ?? 50 });
        return jsonResult({ ...result });
      },
    }),
  ];
}
