import { existsSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { ConfigErrorCode, type ConfigIssue } from './issues.js';
import { RECORD_ARRAYS } from './merge-rules.js';
import { list, obj, str } from './shape.js';

/** Arrays whose entries must not share an identity inside one file. */
const UNIQUE_IDS: Readonly<Record<string, readonly string[]>> = {
  ...Object.fromEntries(Object.entries(RECORD_ARRAYS).map(([pointer, key]) => [pointer, [key]])),
  '/agentStarterTemplates': ['id'],
  '/toolTrace/additionalRules': ['id'],
};

const IMAGE_EXTENSIONS = new Set(['.svg', '.png', '.jpg', '.jpeg', '.webp', '.gif']);
export const LOGO_ASSET_POINTER = '/branding/sidebar/top/logoAsset';

export interface LayerCheckResult {
  readonly issues: ConfigIssue[];
  /** Absolute paths of assets this layer ships, by pointer. */
  readonly assets: ReadonlyMap<string, string>;
}

/** Checks that depend on one file alone: duplicate ids, and assets relative to the file's folder. */
export function checkLayer(layer: unknown, file: string, layerRoot: string): LayerCheckResult {
  const issues: ConfigIssue[] = [];
  const assets = new Map<string, string>();
  const root = obj(layer);

  for (const [pointer, [key]] of Object.entries(UNIQUE_IDS)) {
    if (key === undefined) continue;
    const tokens = pointer.slice(1).split('/');
    const records = list(tokens.reduce<unknown>((node, token) => obj(node)[token], root));
    const firstIndex = new Map<string, number>();
    records.forEach((record, index) => {
      const identity = str(obj(record)[key]);
      if (identity === undefined) return;
      const earlier = firstIndex.get(identity);
      if (earlier === undefined) firstIndex.set(identity, index);
      else {
        issues.push({
          code: ConfigErrorCode.DuplicateId,
          severity: 'error',
          file,
          pointer: `${pointer}/${index}/${key}`,
          message: `${key} "${identity}" appears twice in ${pointer.slice(1)} (entries ${earlier} and ${index}); each ${key} must be unique.`,
        });
      }
    });
  }

  list(root['skills']).forEach((skill, index) => {
    const sourceDir = str(obj(skill)['sourceDir']);
    if (sourceDir === undefined) return;
    const why = /^[A-Za-z][A-Za-z0-9+.-]*:/.test(sourceDir)
      ? 'is a URL'
      : isAbsolute(sourceDir) || sourceDir.startsWith('/') || sourceDir.startsWith('\\')
        ? 'is an absolute path'
        : sourceDir.split(/[\\/]+/).includes('..')
          ? 'climbs out of its folder with ".."'
          : undefined;
    if (why !== undefined) {
      issues.push({
        code: ConfigErrorCode.AssetInvalid,
        severity: 'error',
        file,
        pointer: `/skills/${index}/sourceDir`,
        message: `sourceDir "${sourceDir}" ${why}. Use a folder relative to this config file, such as "skills/research".`,
      });
    }
  });

  const logo = str(obj(obj(obj(root['branding'])['sidebar'])['top'])['logoAsset']);
  if (logo !== undefined) {
    const outcome = resolveBrandingAsset(logo, layerRoot);
    if (typeof outcome === 'string') assets.set(LOGO_ASSET_POINTER, outcome);
    else issues.push({ ...outcome, severity: 'error', file, pointer: LOGO_ASSET_POINTER });
  }
  return { issues, assets };
}

/**
 * Resolves an image shipped in the `branding/` folder beside a config file. Returns the
 * absolute path, or the reason it was refused. Nothing outside that folder is ever exposed.
 */
export function resolveBrandingAsset(
  value: string,
  layerRoot: string,
): string | { code: ConfigErrorCode; message: string } {
  const refuse = (code: ConfigErrorCode, why: string) => ({
    code,
    message: `logoAsset "${value}" ${why}. Use a relative path such as "branding/logo.svg" to an image in the branding/ folder next to this config file.`,
  });
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value) || value.startsWith('//')) {
    return refuse(ConfigErrorCode.AssetInvalid, 'is a URL; remote and data: images are not allowed here');
  }
  if (isAbsolute(value) || value.startsWith('/') || value.startsWith('\\')) {
    return refuse(ConfigErrorCode.AssetInvalid, 'is an absolute path');
  }
  const segments = value.split(/[\\/]+/);
  if (segments.includes('..')) return refuse(ConfigErrorCode.AssetInvalid, 'climbs out of its folder with ".."');
  if (segments[0] !== 'branding' || segments.length < 2) {
    return refuse(ConfigErrorCode.AssetInvalid, 'is not inside the branding/ folder');
  }
  const dot = value.lastIndexOf('.');
  const extension = dot >= 0 ? value.slice(dot).toLowerCase() : '';
  if (!IMAGE_EXTENSIONS.has(extension)) {
    return refuse(ConfigErrorCode.AssetInvalid, `is not an image (allowed: ${[...IMAGE_EXTENSIONS].join(', ')})`);
  }
  const target = join(layerRoot, ...segments);
  if (!existsSync(target) || !statSync(target).isFile()) {
    return refuse(ConfigErrorCode.AssetNotFound, `does not exist (looked for ${target})`);
  }
  // A symlink inside branding/ must not lead elsewhere.
  const brandingDir = realpathSync(join(layerRoot, 'branding'));
  const real = realpathSync(target);
  const inside = relative(brandingDir, real);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside) || inside.split(sep).includes('..')) {
    return refuse(ConfigErrorCode.AssetInvalid, 'resolves (through a link) to a file outside the branding/ folder');
  }
  return real;
}
