#!/usr/bin/env node
// Bundles every bundled MCP server (mcps/<name>/src/index.ts, all but the shared kit) into
// one self-contained ESM file, mcps/<name>/dist/index.js. The runtime starts it as
// `[node-or-electron, <appRoot>/mcps/<name>/dist/index.js]`, so nothing may be left for
// node_modules to resolve at run time, and no native addon may sneak in.
//
//   node scripts/build-mcps.mjs                  every server
//   node scripts/build-mcps.mjs clock charts     only these
//   node scripts/build-mcps.mjs --if-stale clock only if an input changed since the last build
//
// Each build also writes dist/build-inputs.json (the files esbuild read), which is what
// --if-stale compares against; the MCP tests use it to build once per change, not per run.

import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const MCPS_DIR = path.join(ROOT, 'mcps');
/** Shared boilerplate, bundled into each server; not a server itself. */
const NOT_SERVERS = new Set(['kit']);
const THIS_FILE = fileURLToPath(import.meta.url);

/** Names of the servers under mcps/ (folders with src/index.ts), sorted. */
export function listServers() {
  return readdirSync(MCPS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !NOT_SERVERS.has(entry.name))
    .filter((entry) => existsSync(path.join(MCPS_DIR, entry.name, 'src', 'index.ts')))
    .map((entry) => entry.name)
    .sort();
}

export const bundlePath = (name) => path.join(MCPS_DIR, name, 'dist', 'index.js');
const inputsPath = (name) => path.join(MCPS_DIR, name, 'dist', 'build-inputs.json');

// vega-canvas looks for the native `canvas` addon with a top-level `import('canvas')`.
// The servers render SVG strings only (vega's renderer "none"), so it is replaced by a
// module that reports "no canvas", exactly what vega-canvas answers when the addon is absent:
// text is then measured by vega's estimate. Any other import of `canvas` fails the build.
const NO_CANVAS = `
export function domCanvas() { return null; }
export function nodeCanvas() { return null; }
export function canvas() { return null; }
export function image() { return null; }
`;

const noNativeCanvas = {
  name: 'no-native-canvas',
  setup(b) {
    b.onResolve({ filter: /^vega-canvas$/ }, () => ({ path: 'vega-canvas', namespace: 'no-canvas' }));
    b.onLoad({ filter: /.*/, namespace: 'no-canvas' }, () => ({ contents: NO_CANVAS, loader: 'js' }));
    b.onResolve({ filter: /^canvas$/ }, (args) => ({
      errors: [{ text: `"canvas" is a native addon and may not be bundled into an MCP server (imported by ${args.importer})` }],
    }));
  },
};

/** Bundles one server; returns its output path and size. */
export async function bundleServer(name) {
  const dir = path.join(MCPS_DIR, name);
  const entry = path.join(dir, 'src', 'index.ts');
  if (!existsSync(entry)) throw new Error(`mcps/${name}/src/index.ts does not exist`);
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    outfile: bundlePath(name),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // jsonc-parser (under the config package, which the jobs server bundles through the
    // runtime) has a UMD "main" whose dynamic require()s esbuild cannot follow; its ESM
    // "module" entry bundles cleanly.
    ...(name === 'jobs' ? { mainFields: ['module', 'main'] } : {}),
    // Bundled CommonJS dependencies may still call require() for Node built-ins.
    banner: { js: "import { createRequire as __ocCreateRequire } from 'node:module';\nconst require = __ocCreateRequire(import.meta.url);" },
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'eof',
    metafile: true,
    write: false,
    logLevel: 'warning',
    plugins: [noNativeCanvas],
  });

  const outDir = path.join(dir, 'dist');
  mkdirSync(outDir, { recursive: true });
  let bytes = 0;
  for (const file of result.outputFiles) {
    // Write, then rename: a server starting (or a test building) meanwhile never sees half a file.
    const tmp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(tmp, file.contents);
    renameSync(tmp, file.path);
    bytes += file.contents.byteLength;
  }
  // The bundle is ESM; this keeps it so even when dist/ is copied without the workspace's package.json.
  writeFileSync(path.join(outDir, 'package.json'), JSON.stringify({ type: 'module' }) + '\n');
  const inputs = Object.keys(result.metafile.inputs)
    .filter((input) => !input.includes(':')) // virtual modules (the canvas stub)
    .map((input) => path.resolve(ROOT, input));
  inputs.push(THIS_FILE, path.join(dir, 'package.json'));
  writeFileSync(inputsPath(name), JSON.stringify({ inputs: inputs.map((file) => path.relative(ROOT, file)) }, null, 2) + '\n');
  return { name, file: bundlePath(name), bytes };
}

/** True when the bundle is missing or any file it was built from changed since. */
export function isStale(name) {
  let builtAt;
  let inputs;
  try {
    builtAt = statSync(bundlePath(name)).mtimeMs;
    inputs = JSON.parse(readFileSync(inputsPath(name), 'utf8')).inputs;
  } catch {
    return true;
  }
  if (!Array.isArray(inputs)) return true;
  // New source files are not in the old list; any file under src/ newer than the bundle counts.
  const srcFiles = [...walk(path.join(MCPS_DIR, name, 'src')), ...walk(path.join(MCPS_DIR, 'kit', 'src'))];
  for (const file of [...inputs.map((input) => path.resolve(ROOT, input)), ...srcFiles]) {
    try {
      if (statSync(file).mtimeMs > builtAt) return true;
    } catch {
      return true;
    }
  }
  return false;
}

function* walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

async function main(argv) {
  const ifStale = argv.includes('--if-stale');
  const named = argv.filter((arg) => !arg.startsWith('--'));
  const known = listServers();
  for (const name of named) {
    if (!known.includes(name)) throw new Error(`Unknown MCP server "${name}"; known: ${known.join(', ')}`);
  }
  const names = named.length > 0 ? named : known;
  for (const name of names) {
    if (ifStale && !isStale(name)) continue;
    const started = Date.now();
    const { bytes } = await bundleServer(name);
    console.log(`mcps/${name}/dist/index.js  ${(bytes / 1024).toFixed(0)} KB  ${Date.now() - started} ms`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === THIS_FILE) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
