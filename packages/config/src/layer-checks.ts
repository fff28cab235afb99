import { existsSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { ConfigErrorCode, type ConfigIssue } from './issues.js';
import { LIST_IDENTITIES, recordIdentity } from './merge-rules.js';
import { list, obj, str } from './shape.js';

/** Lists whose entries must not share an identity inside one file. */
const UNIQUE_IDS = ['/tools', '/skills', '/mcps', '/agents', '/agentStarterTemplates', '/toolTrace/rules', '/toolTrace/additionalRules', '/branding/themes'];

const IMAGE_EXTENSIONS = new Set(['.svg', '.png', '.jpg', '.jpeg', '.webp', '.gif']);
export const LOGO_ASSET_POINTER = '/branding/sidebar/top/logoAsset';
export const APP_ICON_POINTER = '/branding/appIcon';

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

  for (const pointer of UNIQUE_IDS) {
    const keys = LIST_IDENTITIES[pointer] ?? [];
    const tokens = pointer.slice(1).split('/');
    const records = list(tokens.reduce<unknown>((node, token) => obj(node)[token], root));
    const firstIndex = new Map<string, number>();
    records.forEach((record, index) => {
      const identity = recordIdentity(record, keys);
      if (identity === undefined) return;
      const key = keys.find((candidate) => obj(record)[candidate] === identity) ?? keys[0];
      const earlier = firstIndex.get(identity);
      if (earlier === undefined) firstIndex.set(identity, index);
      else {
        issues.push({
          code: ConfigErrorCode.DuplicateId,
          severity: 'error',
          file,
          pointer: `${pointer}/${index}/${key}`,
          message: `${key} "${identity}" appears twice in ${pointer.slice(1).replace('/', '.')} (entries ${earlier} and ${index}); each ${key} must be unique.`,
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

  const branding = obj(root['branding']);
  const images: [string, string | undefined, string][] = [
    [LOGO_ASSET_POINTER, str(obj(obj(branding['sidebar'])['top'])['logoAsset']), 'logoAsset'],
    [APP_ICON_POINTER, str(branding['appIcon']), 'appIcon'],
  ];
  for (const [pointer, value, field] of images) {
    if (value === undefined) continue;
    const outcome = resolveBrandingAsset(value, layerRoot, field);
    if (typeof outcome === 'string') assets.set(pointer, outcome);
    else issues.push({ ...outcome, severity: 'error', file, pointer });
  }
  return { issues, assets };
}

/**
 * Resolves an image shipped in the `branding/` folder beside a config file, named with or
 * without the "branding/" prefix (upstream accepts both). Returns the absolute path, or the
 * reason it was refused. Nothing outside that folder is ever exposed.
 */
export function resolveBrandingAsset(
  value: string,
  layerRoot: string,
  field = 'logoAsset',
): string | { code: ConfigErrorCode; message: string } {
  const refuse = (code: ConfigErrorCode, why: string) => ({
    code,
    message: `${field} "${value}" ${why}. Use a relative path such as "branding/logo.svg" (or "logo.svg") to an image in the branding/ folder next to this config file.`,
  });
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value) || value.startsWith('//')) {
    return refuse(ConfigErrorCode.AssetInvalid, 'is a URL; remote and data: images are not allowed here');
  }
  if (isAbsolute(value) || value.startsWith('/') || value.startsWith('\\')) {
    return refuse(ConfigErrorCode.AssetInvalid, 'is an absolute path');
  }
  const written = value.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
  if (written.includes('..')) return refuse(ConfigErrorCode.AssetInvalid, 'climbs out of its folder with ".."');
  const segments = written[0] === 'branding' ? written.slice(1) : written;
  if (segments.length === 0) return refuse(ConfigErrorCode.AssetInvalid, 'names no file');
  const dot = value.lastIndexOf('.');
  const extension = dot >= 0 ? value.slice(dot).toLowerCase() : '';
  if (!IMAGE_EXTENSIONS.has(extension)) {
    return refuse(ConfigErrorCode.AssetInvalid, `is not an image (allowed: ${[...IMAGE_EXTENSIONS].join(', ')})`);
  }
  const target = join(layerRoot, 'branding', ...segments);
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
