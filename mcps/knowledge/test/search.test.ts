import { describe, expect, it } from 'vitest';
import { rank, snippet, termStats } from '../src/rank.js';
import { stem, tokenize } from '../src/tokenize.js';

describe('tokenize', () => {
  it('folds case and accents, splits on punctuation, drops stop words and plurals', () => {
    expect(tokenize('The Café’s Q3-Roadmap: Meetings & Policies, e.g. 2025!')).toEqual(['cafe', 'q3', 'roadmap', 'meeting', 'policy', '2025']);
    expect(tokenize('class status analysis')).toEqual(['class', 'status', 'analysis']);
    expect(stem('notes')).toBe('note');
    expect(tokenize('...')).toEqual([]);
  });
});

describe('rank', () => {
  const doc = (title: string, body: string, tags: string[] = []) => ({ title, ...termStats({ title, body, tags }) });
  const docs = [
    doc('Lunch menu', 'Soup and salad. The pricing review was mentioned once.'),
    doc('Pricing review', 'We agreed to raise prices in Q3.'),
    doc('Quarterly plan', 'Roadmap items.', ['pricing']),
    doc('Unrelated', 'Nothing to see.'),
  ];

  it('puts title matches above tag matches above body matches, and drops non-matches', () => {
    const titles = rank(docs, 'pricing').map((hit) => hit.item.title);
    expect(titles).toEqual(['Pricing review', 'Quarterly plan', 'Lunch menu']);
  });

  it('prefers notes matching more of the query, and reports the matched terms', () => {
    const hits = rank(docs, 'Q3 prices');
    expect(hits[0]?.item.title).toBe('Pricing review');
    expect(hits[0]?.matched).toEqual(['q3', 'price']);
    expect(rank(docs, 'the and of')).toEqual([]);
  });

  it('makes snippets from the first line that matches', () => {
    expect(snippet('intro line\n\nthe budget moved to Q3\nlast', ['q3'])).toBe('the budget moved to Q3');
    expect(snippet('x'.repeat(300), [], 20)).toHaveLength(20);
  });
});
