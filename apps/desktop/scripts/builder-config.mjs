// electron-builder's entry config: electron-builder.yml (the static part: targets, signing,
// what goes into the app) plus what the product's own config decides at build time.
//
//   npx electron-builder --mac --config apps/desktop/scripts/builder-config.mjs
//   node apps/desktop/scripts/builder-config.mjs          # prints the overrides, for a look
//
// Why a script and not more YAML: a downstream build brands itself in open-cowork.config.json
// (branding.name, branding.appId, updates.releaseSource), and the bundle must carry the same
// identity the running app reads. So this reads the *effective* config the way the app does —
// the built-in default, OPEN_COWORK_CONFIG_PATH and the downstream root (OPEN_COWORK_CONFIG_DIR
// or OPEN_COWORK_DOWNSTREAM_ROOT), but never the
// builder's own user or OS-managed files — and derives the bundle id, product name and update
// feed from it. A downstream root is also shipped inside the app (Resources/downstream),
// where the packaged app's config loader finds it again: the `downstream/` folder beside the
// built-in default is the shipped downstream root (packages/config/src/discover.ts).
//
// Runs after `npm run build` (it imports @open-cowork/config's built output).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatIssue, loadConfig } from '@open-cowork/config';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * Loads the config a build ships: every layer a packaged app would read from its own
 * resources, none from the machine it is built on. Throws with every error when it is invalid.
 */
export function buildTimeConfig({ env = process.env, cwd = process.cwd(), root = REPO_ROOT } = {}) {
  // An empty, throwaway user data dir: the builder's own settings must not brand the build.
  const nowhere = mkdtempSync(path.join(tmpdir(), 'open-cowork-build-'));
  try {
    const load = loadConfig({
      defaultConfigPath: path.join(root, 'open-cowork.config.json'),
      env,
      cwd,
      userDataDir: nowhere,
      managedConfigPaths: [],
    });
    const errors = load.issues.filter((issue) => issue.severity === 'error');
    if (load.config === undefined || errors.length > 0) {
      throw new Error(`The configuration this build would ship has errors:\n${errors.map(formatIssue).join('\n')}`);
    }
    const downstream = load.layers.find((layer) => layer.kind === 'downstream' && layer.status === 'applied');
    return downstream === undefined
      ? { config: load.config }
      : { config: load.config, downstreamRoot: path.dirname(downstream.file), downstreamFile: path.basename(downstream.file) };
  } finally {
    rmSync(nowhere, { recursive: true, force: true });
  }
}

/**
 * Where electron-updater should look, as electron-builder's `publish` (it writes this into
 * the app as app-update.yml). Never a credential: tokens and headers are read at run time.
 */
export function publishConfig(updates) {
  if (updates?.enabled === false) return null;
  const source = updates?.releaseSource;
  if (source === undefined) return { provider: 'github', owner: 'open-cowork', repo: 'open-cowork' };
  const channel = source.channel === undefined ? {} : { channel: source.channel };
  switch (source.kind) {
    case 'github-releases':
      return { provider: 'github', owner: source.owner, repo: source.repo, ...channel, ...(source.auth?.kind === 'github-token' ? { private: true } : {}) };
    case 'generic-http':
      return { provider: 'generic', url: source.url, ...channel };
    case 'gcs': {
      const folder = [source.prefix, source.channel ?? 'latest'].filter((part) => part !== undefined).join('/');
      return { provider: 'generic', url: `https://storage.googleapis.com/${source.bucket}/${folder}` };
    }
    default:
      throw new Error(`Unknown update source kind "${source.kind}".`);
  }
}

/** What the product config decides in electron-builder's terms. */
export function builderOverrides({ config, downstreamRoot, downstreamFile = 'open-cowork.config.json' }) {
  const overrides = {
    extends: 'electron-builder.yml',
    appId: config.branding.appId,
    productName: config.branding.name,
    // The running app reads its name from package.json; keep it the bundle's name.
    extraMetadata: { productName: config.branding.name },
    publish: publishConfig(config.updates),
  };
  if (downstreamRoot !== undefined) {
    overrides.extraResources = [
      { from: downstreamRoot, to: 'downstream', filter: [downstreamFile, 'branding/**', 'skills/**'] },
    ];
  }
  return overrides;
}

/** electron-builder calls this when it loads the file as its --config. */
export default function electronBuilderConfig() {
  return builderOverrides(buildTimeConfig());
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(`${JSON.stringify(builderOverrides(buildTimeConfig()), null, 2)}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
