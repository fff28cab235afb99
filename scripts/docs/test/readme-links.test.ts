// The READMEs a newcomer starts from link only to files and folders that exist (relative
// links; a `#fragment` is checked against the target file's headings).
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
const READMES = ['README.md', 'examples/downstream/README.md', 'apps/desktop/README.md', 'mcps/README.md', 'e2e/README.md'];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N} -]/gu, '')
    .replace(/ /g, '-');
}

function brokenLinks(file: string): string[] {
  const text = readFileSync(path.join(REPO_ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  const problems: string[] = [];
  for (const match of text.matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)) {
    const link = match[1] ?? '';
    if (/^[a-z]+:/i.test(link)) continue; // https:, mailto:
    const [target = '', fragment] = link.split('#');
    const resolved = target === '' ? path.join(REPO_ROOT, file) : path.resolve(path.dirname(path.join(REPO_ROOT, file)), target);
    if (!existsSync(resolved)) {
      problems.push(`${file}: ${link} (no such file)`);
      continue;
    }
    if (fragment !== undefined && statSync(resolved).isFile() && resolved.endsWith('.md')) {
      const anchors = new Set([...readFileSync(resolved, 'utf8').matchAll(/^#+ (.+)$/gm)].map((heading) => anchorOf(heading[1] ?? '')));
      if (!anchors.has(fragment)) problems.push(`${file}: ${link} (no heading "${fragment}")`);
    }
  }
  return problems;
}

describe('README links', () => {
  it.each(READMES)('%s links only to files that exist', (file) => {
    expect(brokenLinks(file)).toEqual([]);
  });
});
