// Where this build's files are. A packaged app mirrors the repository inside app.asar
// (apps/desktop/dist, packages/app/dist, …) and keeps what runs or is read outside the
// archive in Resources/ (electron-builder.yml: the default config, branding/, skills/,
// mcps/, a downstream build's overlay in downstream/, and the OpenCode binary unpacked to
// app.asar.unpacked). The config loader finds downstream/ itself, beside the default config.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { locateDefaultConfig } from '@open-cowork/config';
import { BINARY_OVERRIDE_ENV, platformPackages } from '@open-cowork/runtime';

export interface DesktopLayout {
  /** The built-in open-cowork.config.json. */
  readonly defaultConfig: string;
  /** The folder holding the default config, mcps/ and skills/: the host's appRoot. */
  readonly appRoot: string;
  /** The built renderer (packages/app/dist). */
  readonly rendererDir: string;
  /** The built preload script. */
  readonly preload: string;
}

export interface LayoutInput {
  readonly isPackaged: boolean;
  /** Folder of the built main.js: apps/desktop/dist, in the repository or inside app.asar. */
  readonly moduleDir: string;
  /** Electron's process.resourcesPath. */
  readonly resourcesPath: string;
}

export function desktopLayout(input: LayoutInput): DesktopLayout {
  const defaultConfig = input.isPackaged
    ? path.join(input.resourcesPath, 'open-cowork.config.json')
    : locateDefaultConfig(input.moduleDir);
  return {
    defaultConfig,
    appRoot: path.dirname(defaultConfig),
    rendererDir: path.resolve(input.moduleDir, '..', '..', '..', 'packages', 'app', 'dist'),
    preload: path.join(input.moduleDir, 'preload.cjs'),
  };
}

/**
 * The environment the host should see. In a packaged app the OpenCode binary lies in
 * app.asar.unpacked (a process cannot be started from inside the archive), where package
 * resolution does not look; the runtime's override variable points it there.
 */
export function hostEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  input: LayoutInput & { readonly platform: NodeJS.Platform; readonly arch: string },
): Readonly<Record<string, string | undefined>> {
  if (!input.isPackaged || (env[BINARY_OVERRIDE_ENV] ?? '') !== '') return env;
  const exe = input.platform === 'win32' ? 'opencode.exe' : 'opencode';
  for (const name of platformPackages(input.platform, input.arch)) {
    const binary = path.join(input.resourcesPath, 'app.asar.unpacked', 'node_modules', name, 'bin', exe);
    if (existsSync(binary)) return { ...env, [BINARY_OVERRIDE_ENV]: binary };
  }
  return env;
}
