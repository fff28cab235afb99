// Words for search: case and accents folded, split on anything that is not a letter or a
// digit, common English function words dropped, simple plurals made singular. The same
// function reads notes and queries, so they always meet.

const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by for from has have in into is it its of on or that the their them then there these ' +
    'they this to was were will with'
  ).split(' '),
);

/** A word's search form: "Meetings" → "meeting", "policies" → "policy", "class" stays. */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return word.slice(0, -3) + 'y';
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) return word.slice(0, -1);
  return word;
}

export function tokenize(text: string): string[] {
  const folded = text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
  const tokens: string[] = [];
  for (const word of folded.split(/[^\p{L}\p{N}]+/u)) {
    if (word === '' || STOP_WORDS.has(word)) continue;
    if (word.length === 1 && !/\p{N}/u.test(word)) continue;
    tokens.push(stem(word));
  }
  return tokens;
}
