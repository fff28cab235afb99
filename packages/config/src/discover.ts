// Where each configuration layer's file is. The order and the rules are those of the
// upstream contract (see docs/configuration.md, "Layers"); what this build adds is written
// beside each rule.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigErrorCode, type ConfigIssue } from './issues.js';
import type { LayerSource } from './layer-file.js';
import { nonEmpty, type Env } from './paths.js';

/** A config file's name without extension: `.jsonc` is looked for first, then `.json` (as upstream does). */
export function jsonCandidates(pathWithoutExtension: string): string[] {
  return [`${pathWithoutExtension}.jsonc`, `${pathWithoutExtension}.json`];
}

/** The first candidate that exists, else the last one (the plain `.json` name, reported as absent). */
export function firstExisting(candidates: readonly string[]): string {
  return candidates.find((candidate) => existsSync(candidate)) ?? candidates[candidates.length - 1]!;
}

/** The names a config folder may use for its file, in the order they are looked for. */
function folderCandidates(root: string): string[] {
  return [...jsonCandidates(join(root, 'config')), ...jsonCandidates(join(root, 'open-cowork.config'))];
}

/**
 * OPEN_COWORK_CONFIG_PATH names one file. If it does not exist, the same name with the
 * other extension (`.json` ↔ `.jsonc`) is tried before it is reported missing.
 */
export function configPathSource(env: Env, cwd: string): LayerSource | undefined {
  const named = nonEmpty(env['OPEN_COWORK_CONFIG_PATH']);
  if (named === undefined) return undefined;
  const file = resolve(cwd, named);
  const other = /\.jsonc$/i.test(file) ? file.slice(0, -1) : /\.json$/i.test(file) ? `${file}c` : undefined;
  return { kind: 'config-path', file: existsSync(file) || other === undefined ? file : firstExisting([other, file]), required: true };
}

/**
 * A downstream root shipped inside the app: the `downstream/` folder beside the built-in
 * default config (Resources/downstream in a packaged build). It is part of the product, so
 * it takes the downstream layer's place whatever the environment says, and it alone (with
 * the built-in default) may name the folder of the OS-managed policy.
 */
export function shippedDownstreamRoot(defaultConfigPath: string): string | undefined {
  const root = join(dirname(resolve(defaultConfigPath)), 'downstream');
  return folderCandidates(root).some((candidate) => existsSync(candidate)) ? root : undefined;
}

export interface DownstreamDiscovery {
  readonly source?: LayerSource;
  /** Problems with the variables themselves (a root that is not a folder, a variable ignored). */
  readonly issues: ConfigIssue[];
}

const ROOT_VARIABLES = ['OPEN_COWORK_CONFIG_DIR', 'OPEN_COWORK_DOWNSTREAM_ROOT'] as const;

/**
 * The downstream layer: the shipped root when there is one; otherwise the first of
 * `config.jsonc`, `config.json`, `open-cowork.config.jsonc`, `open-cowork.config.json` found
 * in OPEN_COWORK_CONFIG_DIR, then in OPEN_COWORK_DOWNSTREAM_ROOT (one file, as upstream).
 */
export function downstreamSource(env: Env, cwd: string, shippedRoot: string | undefined): DownstreamDiscovery {
  const issues: ConfigIssue[] = [];
  const named = ROOT_VARIABLES.flatMap((variable) => {
    const value = nonEmpty(env[variable]);
    return value === undefined ? [] : [{ variable, root: resolve(cwd, value) }];
  });

  if (shippedRoot !== undefined) {
    for (const { variable, root } of named) {
      if (root === shippedRoot) continue;
      issues.push({
        code: ConfigErrorCode.VariableIgnored,
        severity: 'warning',
        file: root,
        pointer: '',
        message: `${variable} is ignored: this build ships its own downstream configuration (${shippedRoot}), which takes that layer's place.`,
      });
    }
    return { source: { kind: 'downstream', file: firstExisting(folderCandidates(shippedRoot)), required: true, shipped: true }, issues };
  }

  const roots: string[] = [];
  for (const { variable, root } of named) {
    if (isDirectory(root)) {
      roots.push(root);
      continue;
    }
    issues.push({
      code: ConfigErrorCode.FileNotFound,
      severity: 'error',
      file: root,
      pointer: '',
      message: `${variable} points to "${root}", which is not a directory; it must name the folder that holds config.json (or open-cowork.config.json) and branding/.`,
    });
  }
  if (roots.length === 0) return { issues };
  const candidates = [...new Set(roots.flatMap(folderCandidates))];
  return { source: { kind: 'downstream', file: firstExisting(candidates), required: false }, issues };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
