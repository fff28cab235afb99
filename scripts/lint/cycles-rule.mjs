// ESLint rule `open-cowork/no-cycles`: no module may reach itself through relative imports
// (type-only imports count too: a cycle of types is a tangle of design all the same). The
// graph is read from disk with a light scan of each file's import and export-from lines,
// cached by modification time; the file being linted uses its own, current, source.

import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const SOURCE = /\.(?:[cm]?ts|tsx|[cm]?js)$/;
const SKIP = /[\\/](?:node_modules|dist|generated)[\\/]/;
const IMPORT_LINE = /(?:^|[\n;])\s*(?:import|export)\b(?:[^;'"]*?\bfrom)?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

const cache = new Map();

/** The file a relative specifier names, or undefined when there is none on disk. */
function resolveSpecifier(fromFile, spec) {
  const target = path.resolve(path.dirname(fromFile), spec);
  const base = target.replace(/\.(?:[cm]?js)$/, '');
  const candidates = [target, `${base}.ts`, `${base}.tsx`, `${base}.mts`, `${base}.cts`, path.join(target, 'index.ts')];
  return candidates.find((candidate) => SOURCE.test(candidate) && existsSync(candidate) && statSync(candidate).isFile());
}

function scan(file, text) {
  const deps = [];
  for (const match of text.matchAll(IMPORT_LINE)) {
    const resolved = resolveSpecifier(file, match[1]);
    if (resolved !== undefined) deps.push({ spec: match[1], file: resolved });
  }
  return deps;
}

function depsOf(file) {
  let mtime;
  try {
    mtime = statSync(file).mtimeMs;
  } catch {
    return [];
  }
  const hit = cache.get(file);
  if (hit !== undefined && hit.mtime === mtime) return hit.deps;
  let deps;
  try {
    deps = scan(file, readFileSync(file, 'utf8'));
  } catch {
    deps = [];
  }
  cache.set(file, { mtime, deps });
  return deps;
}

/** A path of files from `start` back to `origin`, or undefined. */
function pathBack(start, origin) {
  const seen = new Set();
  const stack = [[start, [start]]];
  while (stack.length > 0) {
    const [file, trail] = stack.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    for (const dep of depsOf(file)) {
      if (dep.file === origin) return [...trail, origin];
      if (!seen.has(dep.file) && !SKIP.test(dep.file)) stack.push([dep.file, [...trail, dep.file]]);
    }
  }
  return undefined;
}

function staticString(node) {
  if (node?.type === 'Literal' && typeof node.value === 'string') return node.value;
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
export const cyclesRule = {
  meta: {
    type: 'problem',
    docs: { description: 'No import cycles between modules.' },
    schema: [],
    messages: { cycle: 'Import cycle: {{cycle}}. Move what both sides need below them, or pass it in.' },
  },
  create(context) {
    const filename = context.physicalFilename ?? context.filename;
    if (!filename || filename.startsWith('<') || SKIP.test(filename) || !SOURCE.test(filename)) return {};
    const cwd = context.cwd ?? process.cwd();
    const check = (node) => {
      const spec = staticString(node);
      if (spec === null || !spec.startsWith('.')) return;
      const target = resolveSpecifier(filename, spec);
      if (target === undefined || SKIP.test(target)) return;
      const trail = target === filename ? [filename] : pathBack(target, filename);
      if (trail === undefined) return;
      const cycle = [filename, ...trail].map((file) => path.relative(cwd, file).split(path.sep).join('/')).join(' → ');
      context.report({ node, messageId: 'cycle', data: { cycle } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => node.source && check(node.source),
    };
  },
};
