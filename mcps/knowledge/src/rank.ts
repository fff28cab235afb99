// BM25 ranking over title, tags and body, each field weighted (a word in the title counts
// three times, in a tag twice). Every note keeps its weighted term counts in the index, so a
// search reads the index only.

import { tokenize } from './tokenize.js';

export const FIELD_WEIGHTS = { title: 3, tags: 2, body: 1 } as const;
const K1 = 1.2;
const B = 0.75;

export interface TermStats {
  /** Weighted count of each search term. */
  tf: Record<string, number>;
  /** Weighted length (sum of tf). */
  len: number;
}

export function termStats(fields: { title: string; tags: readonly string[]; body: string }): TermStats {
  const tf: Record<string, number> = {};
  let len = 0;
  const add = (text: string, weight: number) => {
    for (const token of tokenize(text)) {
      tf[token] = (tf[token] ?? 0) + weight;
      len += weight;
    }
  };
  add(fields.title, FIELD_WEIGHTS.title);
  add(fields.tags.join(' '), FIELD_WEIGHTS.tags);
  add(fields.body, FIELD_WEIGHTS.body);
  return { tf, len };
}

export interface Scored<T> {
  item: T;
  score: number;
  /** Query terms found in the item. */
  matched: string[];
}

/** Items that contain at least one query term, best first (ties: input order). */
export function rank<T extends TermStats>(items: readonly T[], query: string): Scored<T>[] {
  const terms = [...new Set(tokenize(query))];
  if (terms.length === 0 || items.length === 0) return [];
  const n = items.length;
  const avgLen = items.reduce((sum, item) => sum + item.len, 0) / n || 1;
  const idf = new Map<string, number>();
  for (const term of terms) {
    const df = items.filter((item) => (item.tf[term] ?? 0) > 0).length;
    idf.set(term, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
  }
  const scored: Scored<T>[] = [];
  items.forEach((item) => {
    let score = 0;
    const matched: string[] = [];
    for (const term of terms) {
      const tf = item.tf[term] ?? 0;
      if (tf === 0) continue;
      matched.push(term);
      score += (idf.get(term) ?? 0) * ((tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * item.len) / avgLen)));
    }
    if (score > 0) scored.push({ item, score, matched });
  });
  return scored.sort((a, b) => b.score - a.score);
}

/** A short excerpt of `body` around the first line that holds a matched term. */
export function snippet(body: string, matched: readonly string[], max = 200): string {
  const lines = body.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const wanted = new Set(matched);
  const hit = lines.find((line) => tokenize(line).some((token) => wanted.has(token))) ?? lines[0] ?? '';
  return hit.length <= max ? hit : hit.slice(0, max - 1).trimEnd() + '…';
}
