import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { constants, gzipSync } from 'node:zlib';
import type { Scenario } from '../runner.js';
import { requireBuiltRenderer } from './renderer-page.js';

/** The eager bundle's budget: 220 KB of gzip (1 KB = 1,024 bytes). */
export const EAGER_BUDGET_BYTES = 220 * 1024;
const GZIP_LEVEL = constants.Z_BEST_COMPRESSION;

interface Sized {
  readonly file: string;
  readonly raw: number;
  readonly gzip: number;
}

/**
 * The renderer's eager bundle: what the browser loads before the first screen — the scripts
 * and styles index.html names (module entry, modulepreloads, stylesheets) and every chunk
 * they import statically — gzipped with node:zlib, against the 220 KB budget. Lazy chunks
 * (Chat, First run, Agents, …, loaded by dynamic import) are reported but not counted.
 *
 * The size is the figure; the timing is incidental: baseline reads the eager files, the
 * subject reads and gzips them (what a server compressing them on the fly would spend).
 */
export function rendererBundleScenario(repoRoot: string): Scenario {
  const dist = join(repoRoot, 'packages', 'app', 'dist');
  let eager: string[] = [];
  let measured: readonly Sized[] = [];

  const gzipAll = (files: readonly string[]): Sized[] =>
    files.map((file) => {
      const data = readFileSync(file);
      return { file, raw: data.length, gzip: gzipSync(data, { level: GZIP_LEVEL }).length };
    });

  return {
    name: 'renderer-bundle',
    description: `eager renderer bundle (gzip -${GZIP_LEVEL}) vs. the ${EAGER_BUDGET_BYTES / 1024} KB budget: read + gzip vs. read`,
    iterations: 5,
    setup: () => {
      requireBuiltRenderer();
      eager = eagerAssets(dist);
      if (!eager.some((file) => file.endsWith('.js'))) throw new Error(`${join(dist, 'index.html')} names no script: is it a Vite build?`);
      measured = gzipAll(eager);
    },
    baseline: {
      name: 'read the eager files',
      run: () => {
        for (const file of eager) readFileSync(file);
      },
    },
    variants: [{ name: 'read + gzip them', run: () => void (measured = gzipAll(eager)) }],
    summary: () => {
      const total = measured.reduce((sum, f) => sum + f.gzip, 0);
      const raw = measured.reduce((sum, f) => sum + f.raw, 0);
      const lazy = gzipAll(allAssets(dist).filter((file) => !eager.includes(file)));
      const lazyTotal = lazy.reduce((sum, f) => sum + f.gzip, 0);
      const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
      return [
        `  eager bundle: ${kb(total)} gzip (${total.toLocaleString('en-US')} bytes; ${kb(raw)} raw) in ${measured.length} files = ` +
          `${(total / EAGER_BUDGET_BYTES).toFixed(2)}× the ${kb(EAGER_BUDGET_BYTES)} budget (${total <= EAGER_BUDGET_BYTES ? 'within' : 'OVER'} budget)`,
        ...[...measured].sort((a, b) => b.gzip - a.gzip).map((f) => `    ${basename(f.file)}: ${kb(f.gzip)} gzip, ${kb(f.raw)} raw`),
        `  lazy chunks (not counted): ${kb(lazyTotal)} gzip in ${lazy.length} files`,
      ].join('\n');
    },
  };
}

/** index.html's scripts, modulepreloads and stylesheets, plus every chunk they import statically (absolute paths, in load order). */
export function eagerAssets(dist: string): string[] {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const found: string[] = [];
  const add = (file: string) => {
    if (found.includes(file)) return;
    found.push(file);
    if (file.endsWith('.js')) for (const imported of staticImports(readFileSync(file, 'utf8'))) add(resolve(dirname(file), imported));
  };
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const attr = (name: string) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(tag)?.[1];
    const isScript = /^<script/i.test(tag);
    const rel = attr('rel')?.toLowerCase();
    const url = isScript ? attr('src') : rel === 'stylesheet' || rel === 'modulepreload' ? attr('href') : undefined;
    if (url === undefined || /^[a-z]+:/i.test(url) || url.startsWith('//')) continue;
    add(join(dist, url.replace(/^\.?\//, '')));
  }
  return found;
}

/** Specifiers of static `import … from "x"`, `import "x"` and `export … from "x"` in built JS (not `import("x")`). */
function staticImports(code: string): string[] {
  const out: string[] = [];
  for (const match of code.matchAll(/(?:\bfrom|\bimport)\s*["']([^"']+\.js)["']/g)) if (match[1]?.startsWith('.')) out.push(match[1]);
  return out;
}

/** Every .js and .css file of the build. */
function allAssets(dist: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(js|css)$/.test(entry.name)) out.push(path);
    }
  };
  walk(dist);
  return out;
}
