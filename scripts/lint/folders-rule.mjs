// ESLint rule `open-cowork/folders`: inside a package, feature folders import downward only
// (ARCHITECTURE.md "Layers" and "One host, one dispatcher"). The table below is the only place
// the order is written down; a folder (or a file directly in the source root) may import the
// folders it lists, and its own files. A folder missing from the table is an error, so a new
// feature is placed on purpose.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DEFAULT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SEE = 'See ARCHITECTURE.md "One host, one dispatcher".';

/** Source root → folder (or root file) → what it may import. `*` allows everything (the composition root). */
export const FOLDERS = {
  'packages/host/src': {
    // infrastructure, lowest first
    'log': [],
    'ports': [],
    'content-types.ts': [],
    'version.ts': [],
    'event-bus.ts': [],
    'dispatch': ['log'],
    'state': ['ports'],
    'transport': ['dispatch', 'log', 'content-types.ts'],
    'network': ['transport', 'log'],
    'runtime': ['dispatch', 'log', 'ports', 'state'],
    // The effective config kept current with the user's config file, and writes to that file.
    'user-config': ['log'],
    // features, each above the ones it uses
    'settings': ['dispatch', 'log', 'ports', 'state', 'runtime'],
    'workspaces': ['dispatch', 'event-bus.ts', 'log', 'ports', 'state', 'runtime'],
    // Isolated session jobs: a JobsManager in <data>/jobs, its notifications as host events and (guarded) webhook posts.
    'jobs': ['dispatch', 'event-bus.ts', 'log', 'network'],
    'identity': ['dispatch', 'event-bus.ts', 'log', 'ports', 'state', 'network'],
    'agents': ['dispatch', 'log', 'ports', 'state', 'runtime', 'settings'],
    'providers': ['dispatch', 'log', 'ports', 'state', 'network', 'runtime', 'settings', 'user-config'],
    'sessions': ['dispatch', 'event-bus.ts', 'log', 'ports', 'state', 'runtime', 'settings', 'workspaces'],
    // artifacts.list / artifacts.read: what a chat produced, from its history (found through the sessions' locator).
    'artifacts': ['dispatch', 'content-types.ts', 'runtime', 'sessions'],
    'mcps': ['dispatch', 'log', 'ports', 'state', 'network', 'transport', 'runtime', 'settings', 'workspaces', 'agents', 'providers'],
    'updates': ['dispatch', 'event-bus.ts', 'log', 'ports', 'state', 'network', 'identity', 'version.ts'],
    'telemetry': ['dispatch', 'log', 'ports', 'state', 'network', 'settings', 'mcps', 'user-config'],
    'app': ['dispatch', 'log', 'content-types.ts', 'version.ts'],
    // The Workflows page's workflows.*: a real MCP client to the bundled workflows server.
    'workflows': ['dispatch', 'log', 'mcps'],
    // The record `open-cowork runner` keeps in the data dir, and app.runner, which shows it.
    'runner': ['dispatch', 'state'],
    // app.health: readiness and origin of each capability, from the other services' answers.
    'health': ['dispatch'],
    'diagnostics': ['dispatch', 'log', 'ports', 'state', 'settings', 'providers', 'mcps', 'telemetry', 'version.ts'],
    // the composition root and the public entry
    'host.ts': ['*'],
    'index.ts': ['*'],
  },
};

const toPosix = (p) => p.split(path.sep).join('/');

/** The source root a file is under, its folder there, and the table of that root. */
function placeOf(root, file) {
  const rel = toPosix(path.relative(root, file));
  for (const [srcRoot, table] of Object.entries(FOLDERS)) {
    if (!rel.startsWith(`${srcRoot}/`)) continue;
    const inside = rel.slice(srcRoot.length + 1);
    // A file directly in the root is named as its source file, whatever extension the import used.
    const first = inside.split('/')[0];
    const folder = inside.includes('/') ? first : first.replace(/\.js$/, '.ts');
    return { srcRoot, table, folder };
  }
  return undefined;
}

/** The problem with importing `spec` from `filename`, or undefined. */
export function folderProblem(root, filename, spec) {
  if (!spec.startsWith('.')) return undefined;
  const from = placeOf(root, filename);
  if (from === undefined) return undefined;
  const target = placeOf(root, path.resolve(path.dirname(filename), spec));
  if (target === undefined || target.srcRoot !== from.srcRoot || target.folder === from.folder) return undefined;
  const allowed = from.table[from.folder];
  if (allowed === undefined) {
    return `"${from.folder}" in ${from.srcRoot} is not in the folder table (scripts/lint/folders-rule.mjs); add it there with what it may import. ${SEE}`;
  }
  if (allowed.includes('*') || allowed.includes(target.folder)) return undefined;
  const may = allowed.length === 0 ? 'may import no other folder' : `may import only ${allowed.join(', ')}`;
  return `"${from.folder}" in ${from.srcRoot} ${may}; it imports "${target.folder}" (${spec}). Features import downward only. ${SEE}`;
}

function staticString(node) {
  if (!node) return null;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? null;
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
export const foldersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Feature folders inside a package import downward only.' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
    messages: { folder: '{{message}}' },
  },
  create(context) {
    const root = path.resolve(context.options[0]?.root ?? DEFAULT_ROOT);
    const filename = context.physicalFilename ?? context.filename;
    if (!filename || filename.startsWith('<') || placeOf(root, filename) === undefined) return {};
    const report = (node) => {
      const spec = staticString(node);
      if (spec === null) return;
      const message = folderProblem(root, filename, spec);
      if (message !== undefined) context.report({ node, messageId: 'folder', data: { message } });
    };
    return {
      ImportDeclaration: (node) => report(node.source),
      ExportAllDeclaration: (node) => report(node.source),
      ExportNamedDeclaration: (node) => node.source && report(node.source),
      ImportExpression: (node) => report(node.source),
    };
  },
};
