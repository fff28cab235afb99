// ESLint plugin `open-cowork` with one rule, `open-cowork/layers`: the layer rules of
// ARCHITECTURE.md "Layers", checked on every module specifier a file uses
// (static `import`, `export … from`, `import x = require()`, `import('…')` types,
// dynamic `import('literal')` and `require('literal')`).
//
// Plain ESM JavaScript so eslint.config.mjs can load it without a build step.

import { readFileSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cyclesRule } from './cycles-rule.mjs';
import { foldersRule } from './folders-rule.mjs';

// ---------------------------------------------------------------------------
// The allow-table. This is the only place the layer rules are written down in code;
// keep it in step with ARCHITECTURE.md "Layers".
//
// Keys are workspace directories relative to the repo root (`mcps/*` stands for every
// directory under mcps/). `may` lists the @open-cowork packages the workspace may import
// (its own package is always allowed). Flags default to true when omitted:
//   npm           – may import npm packages
//   nodeBuiltins  – may import Node built-ins (`node:*`, `fs`, `path`, …)
// `electron` may be imported only by workspaces with `electron: true`.
// ---------------------------------------------------------------------------

const SCOPE = '@open-cowork/';

const PACKAGES = ['contracts', 'config', 'sandbox', 'runtime', 'jobs', 'host', 'app', 'testing'].map((d) => SCOPE + d);
const APPS = ['cli', 'desktop', 'gateway'].map((d) => SCOPE + d);

/** @type {Record<string, {kind: 'package' | 'app' | 'mcp', may: string[], label?: string, npm?: boolean, nodeBuiltins?: boolean, electron?: boolean}>} */
export const LAYERS = {
  'packages/contracts': { kind: 'package', may: [], npm: false, nodeBuiltins: false, label: '(pure TypeScript)' },
  'packages/config': { kind: 'package', may: [SCOPE + 'contracts'] },
  'packages/sandbox': { kind: 'package', may: [SCOPE + 'contracts', SCOPE + 'config'] },
  'packages/runtime': { kind: 'package', may: [SCOPE + 'contracts', SCOPE + 'config', SCOPE + 'sandbox'] },
  // Isolated session jobs: OpenCode servers in sandboxes of their own, between the runtime and the host.
  'packages/jobs': { kind: 'package', may: [SCOPE + 'contracts', SCOPE + 'config', SCOPE + 'sandbox', SCOPE + 'runtime'] },
  'packages/host': { kind: 'package', may: [SCOPE + 'contracts', SCOPE + 'config', SCOPE + 'sandbox', SCOPE + 'runtime', SCOPE + 'jobs'] },
  'packages/app': { kind: 'package', may: [SCOPE + 'contracts'], nodeBuiltins: false, label: '(the renderer)' },
  'packages/testing': { kind: 'package', may: [SCOPE + 'contracts', SCOPE + 'config', SCOPE + 'sandbox', SCOPE + 'runtime'] },
  'apps/cli': { kind: 'app', may: PACKAGES },
  'apps/gateway': { kind: 'app', may: PACKAGES },
  'apps/desktop': { kind: 'app', may: PACKAGES, electron: true },
  // The shared boilerplate of the bundled MCP servers (esbuild bundles it into each one).
  'mcps/kit': { kind: 'mcp', may: [], label: '(the MCP servers\' shared kit)' },
  // The jobs server owns a jobs service (esbuild bundles the package into it).
  'mcps/jobs': { kind: 'mcp', may: [SCOPE + 'contracts', SCOPE + 'mcp-kit', SCOPE + 'jobs'] },
  'mcps/*': { kind: 'mcp', may: [SCOPE + 'contracts', SCOPE + 'mcp-kit'] },
};

// ---------------------------------------------------------------------------

const SEE = 'See ARCHITECTURE.md "Layers".';
/** The scripted model and fixtures: any workspace's tests may use them, no production code may. */
const TEST_KIT = SCOPE + 'testing';
const ELECTRON_MODULES = ['electron', 'electron-updater'];
const TABLE_FILE = 'scripts/lint/layers-rule.mjs';
const DEFAULT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The package name of a workspace directory: `packages/x` → @open-cowork/x, `mcps/x` → @open-cowork/mcp-x. */
const packageNameOf = (dir) => SCOPE + (dir.startsWith('mcps/') ? 'mcp-' : '') + dir.slice(dir.indexOf('/') + 1);

/** Directory of each @open-cowork package named in the table, by package name. */
const DIR_BY_NAME = new Map(
  Object.keys(LAYERS)
    .filter((dir) => !dir.includes('*'))
    .map((dir) => [packageNameOf(dir), dir]),
);

const toPosix = (p) => p.split(path.sep).join('/');

/**
 * The workspace a file belongs to, or null for files outside every workspace
 * (root scripts and configs). Unknown directories under packages/ and apps/ are
 * workspaces without a table entry (`entry: null`).
 */
function workspaceOf(root, filename) {
  const rel = toPosix(path.relative(root, filename));
  if (rel === '' || rel.startsWith('../') || path.isAbsolute(rel)) return null;
  const parts = rel.split('/');
  if (parts.length < 3 || !['packages', 'apps', 'mcps'].includes(parts[0])) return null;
  const dir = `${parts[0]}/${parts[1]}`;
  const entry = LAYERS[dir] ?? (parts[0] === 'mcps' ? LAYERS['mcps/*'] : null);
  return { dir, entry, abs: path.join(root, parts[0], parts[1]) };
}

/** Reads a package.json, re-reading only when it changed (ESLint may run for hours in an editor). */
const pkgCache = new Map();
function readPackageJson(file) {
  let mtime;
  try {
    mtime = statSync(file).mtimeMs;
  } catch {
    return null;
  }
  const hit = pkgCache.get(file);
  if (hit && hit.mtime === mtime) return hit.json;
  let json;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    json = null;
  }
  pkgCache.set(file, { mtime, json });
  return json;
}

function ownPackageName(ws) {
  const json = readPackageJson(path.join(ws.abs, 'package.json'));
  if (json && typeof json.name === 'string') return json.name;
  return packageNameOf(ws.dir);
}

/** Whether `./sub` is listed in the package's "exports" (exact key or a `*` pattern). */
function isExportedSubpath(root, dir, sub) {
  const json = readPackageJson(path.join(root, dir, 'package.json'));
  const exp = json?.exports;
  if (!exp || typeof exp !== 'object' || Array.isArray(exp)) return false;
  const want = './' + sub;
  for (const key of Object.keys(exp)) {
    if (!key.startsWith('./')) continue;
    if (key === want) return true;
    const star = key.indexOf('*');
    if (star !== -1) {
      const before = key.slice(0, star);
      const after = key.slice(star + 1);
      if (want.length > before.length + after.length && want.startsWith(before) && want.endsWith(after)) return true;
    }
  }
  return false;
}

/** `@open-cowork/config/src/x.js` → { name: '@open-cowork/config', sub: 'src/x.js' }; npm names likewise. */
function splitSpecifier(spec) {
  const parts = spec.split('/');
  const n = spec.startsWith('@') ? 2 : 1;
  return { name: parts.slice(0, n).join('/'), sub: parts.slice(n).join('/') };
}

const list = (names) => names.join(', ');
const describe = (ws) => `"${ws.dir}"${ws.entry?.label ? ' ' + ws.entry.label : ''}`;

/**
 * All violations for one specifier, as messages (usually zero or one).
 * @returns {string[]}
 */
function check(root, filename, spec) {
  const ws = workspaceOf(root, filename);
  const problems = [];

  // Electron: only apps/desktop, wherever the importing file lives. electron-updater and
  // @electron/* need the Electron runtime too, so they count as Electron.
  if (ELECTRON_MODULES.some((name) => spec === name || spec.startsWith(`${name}/`)) || spec.startsWith('@electron/')) {
    if (!ws?.entry?.electron) {
      const where = ws ? describe(ws) : `"${toPosix(path.relative(root, filename))}"`;
      problems.push(
        `Nothing outside apps/desktop imports electron; ${where} imports ${spec}. ` +
          `Electron-only capabilities enter as ports wired by apps/desktop. ${SEE}`,
      );
    }
    return problems;
  }

  if (!ws) return problems; // Root scripts and configs are otherwise unrestricted.
  const entry = ws.entry;

  // Relative (and absolute-path) imports must stay inside their own workspace.
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('file:')) {
    let target;
    try {
      target = spec.startsWith('file:') ? fileURLToPath(spec) : path.resolve(path.dirname(filename), spec);
    } catch {
      return problems;
    }
    const rel = path.relative(ws.abs, target);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      problems.push(
        `Relative import "${spec}" escapes its workspace "${ws.dir}" (it points at "${toPosix(path.relative(root, target))}"); ` +
          `import another workspace through its package name (${SCOPE}…) and its public entry. ${SEE}`,
      );
    }
    return problems;
  }

  // Tests run under Node with a test runner, whatever the layer of the code they prove:
  // a workspace's test/ and scripts/ folders may use Node built-ins and npm packages.
  // Build-time scripts (generators) run under Node too, never in the product.
  const inWorkspace = toPosix(path.relative(ws.abs, filename));
  const isTest = inWorkspace.startsWith('test/') || inWorkspace.startsWith('scripts/');

  // Node built-ins.
  if (isBuiltin(spec)) {
    if (entry && entry.nodeBuiltins === false && !isTest) {
      problems.push(`${describe(ws)} imports no Node built-ins; it imports ${spec}. ${SEE}`);
    }
    return problems;
  }

  const { name, sub } = splitSpecifier(spec);

  // npm packages (anything not ours).
  if (!name.startsWith(SCOPE)) {
    if (entry && entry.npm === false && !isTest) {
      problems.push(`${describe(ws)} imports no npm package at all; it imports ${spec}. ${SEE}`);
    }
    return problems;
  }

  // Our packages.
  const self = ownPackageName(ws);
  if (name !== self) {
    if (!entry) {
      problems.push(
        `"${ws.dir}" is not in the layer table (${TABLE_FILE}), so it may not import ${name} yet; ` +
          `add it to the table and to ARCHITECTURE.md "Layers".`,
      );
    } else if (APPS.includes(name) && entry.kind !== 'app') {
      problems.push(`No package imports an app; ${describe(ws)} imports ${name}. ${SEE}`);
    } else if (APPS.includes(name)) {
      problems.push(`Apps do not import each other; ${describe(ws)} imports ${name}. ${SEE}`);
    } else if (!entry.may.includes(name) && !(isTest && name === TEST_KIT)) {
      const allowed =
        entry.may.length === 0
          ? 'may import no @open-cowork package'
          : entry.kind === 'app'
            ? `may import any package (${list(entry.may)})`
            : `may import only ${list(entry.may)}`;
      problems.push(`${describe(ws)} ${allowed}; it imports ${name}. ${SEE}`);
    }
  }

  // Deep imports: only the root entry or a subpath listed in the package's "exports".
  if (sub !== '') {
    const dir = DIR_BY_NAME.get(name) ?? (name === self ? ws.dir : undefined);
    if (!dir || !isExportedSubpath(root, dir, sub)) {
      problems.push(
        `Deep import "${spec}" reaches into the internals of ${name}; import ${name} itself ` +
          `or a subpath listed in its package.json "exports". ${SEE}`,
      );
    }
  }

  return problems;
}

/** The string value of a literal / quasi-only template, or null. */
function staticString(node) {
  if (!node) return null;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? null;
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the workspace layer rules of ARCHITECTURE.md "Layers".' },
    schema: [
      {
        type: 'object',
        properties: { root: { type: 'string', description: 'Repo root (defaults to two levels above this file).' } },
        additionalProperties: false,
      },
    ],
    messages: { layer: '{{message}}' },
  },
  create(context) {
    const root = path.resolve(context.options[0]?.root ?? DEFAULT_ROOT);
    const filename = context.physicalFilename ?? context.filename;
    if (!filename || filename.startsWith('<')) return {};

    const report = (node, spec) => {
      if (spec == null) return;
      for (const message of check(root, filename, spec)) context.report({ node, messageId: 'layer', data: { message } });
    };

    return {
      ImportDeclaration: (node) => report(node.source, staticString(node.source)),
      ExportAllDeclaration: (node) => report(node.source, staticString(node.source)),
      ExportNamedDeclaration: (node) => node.source && report(node.source, staticString(node.source)),
      ImportExpression: (node) => report(node.source, staticString(node.source)),
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length >= 1) {
          report(node.arguments[0], staticString(node.arguments[0]));
        }
      },
      TSImportEqualsDeclaration(node) {
        const ref = node.moduleReference;
        if (ref?.type === 'TSExternalModuleReference') report(ref.expression, staticString(ref.expression));
      },
      TSImportType(node) {
        const src = node.source ?? node.argument?.literal ?? node.argument;
        report(src, staticString(src));
      },
    };
  },
};

export default {
  meta: { name: 'open-cowork' },
  rules: { layers: layersRule, folders: foldersRule, 'no-cycles': cyclesRule },
};
