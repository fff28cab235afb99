// Joins the app's effective config, the user's settings and the files this install ships
// into what one runtime boot needs: OpenCode's config, its extra switches, and the values
// the runtime log must never show.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { isSecretPointer, type Agent, type LoadResult, type McpServer } from '@open-cowork/config';
import { buildOpencodeConfig, skillId, type BuildInput, type BuildWarning, type BundledResources, type OpencodeConfig } from './opencode-config/index.js';
import type { RuntimeSettings } from './settings.js';
import type { RuntimeLaunchConfig } from './supervisor.js';

export interface AppLaunchInput {
  /** A successful config load (its `config` must be set). */
  readonly load: LoadResult;
  readonly settings: RuntimeSettings;
  /** The folder holding `mcps/<packageName>/dist/index.js`: the repo in development, the app's resources when packaged. */
  readonly appRoot: string;
  /** Runs bundled MCP servers (Node, or Electron as Node). Default: this process's Node. */
  readonly nodePath?: string;
  /** The user's saved agents (the host's custom-agent store), built exactly like configured agents. */
  readonly customAgents?: readonly Agent[];
  /** The user's own MCP servers, values opened (the host's custom MCP store). */
  readonly customMcps?: readonly McpServer[];
  /** Environment the host gives one bundled MCP (its data folders, the agents bridge), by packageName. */
  readonly mcpEnvironment?: (packageName: string) => Readonly<Record<string, string>> | undefined;
  /** Extra skill folders (the custom skills folder). */
  readonly extraSkillPaths?: readonly string[];
  /** The Google ADC file while signed in (for `googleAuth` servers). */
  readonly googleCredentials?: string;
  /** Models the providers' dynamic catalogs list, by provider id. */
  readonly catalogModels?: BuildInput['catalogModels'];
}

export interface AppLaunchConfig extends RuntimeLaunchConfig {
  readonly config: OpencodeConfig;
  readonly secrets: readonly string[];
  readonly warnings: readonly BuildWarning[];
}

export function appLaunchConfig(input: AppLaunchInput): AppLaunchConfig {
  const { load, settings } = input;
  if (!load.config) throw new Error('appLaunchConfig needs a loaded config; this load failed closed.');
  const built = buildOpencodeConfig({
    config: load.config,
    settings,
    bundled: bundledResources(input),
    ...(input.customAgents === undefined ? {} : { customAgents: input.customAgents }),
    ...(input.customMcps === undefined ? {} : { customMcps: input.customMcps }),
    ...(input.extraSkillPaths === undefined ? {} : { extraSkillPaths: input.extraSkillPaths }),
    ...(input.googleCredentials === undefined ? {} : { googleCredentials: input.googleCredentials }),
    ...(input.catalogModels === undefined ? {} : { catalogModels: input.catalogModels }),
  });
  return { config: built.config, env: built.env, warnings: built.warnings, secrets: secretValues(input) };
}

/** Where this install's bundled MCP servers and skills are on disk. */
export function bundledResources(input: Pick<AppLaunchInput, 'load' | 'appRoot' | 'nodePath' | 'mcpEnvironment'>): BundledResources {
  const node = input.nodePath ?? process.execPath;
  const skillDirs: Record<string, string> = {};
  // Without a sourceDir, a skill is the folder skills/<id>/ of the downstream root, else of the app (as upstream).
  const downstream = input.load.layers.find((layer) => layer.kind === 'downstream' && layer.status === 'applied');
  const roots = [...(downstream === undefined ? [] : [path.dirname(downstream.file)]), input.appRoot];
  (input.load.config?.skills ?? []).forEach((skill, index) => {
    const id = skillId(skill);
    const candidates: string[] = [];
    if (skill.sourceDir !== undefined) {
      // A skill folder is relative to the config file that named it.
      const found = input.load.provenance.nearest(`/skills/${index}/sourceDir`, (origin) => origin.layer.kind !== 'schema-default');
      if (found) candidates.push(path.resolve(path.dirname(found.origin.layer.file), skill.sourceDir));
    } else {
      candidates.push(...roots.map((root) => path.join(root, 'skills', id)));
    }
    const dir = candidates.find((candidate) => existsSync(path.join(candidate, 'SKILL.md')));
    if (dir !== undefined) skillDirs[id] = dir;
  });
  return {
    mcpCommand(packageName) {
      const entry = path.join(input.appRoot, 'mcps', packageName, 'dist', 'index.js');
      return existsSync(entry) ? [node, entry] : undefined;
    },
    ...(input.mcpEnvironment === undefined ? {} : { mcpEnvironment: input.mcpEnvironment }),
    skillDirs,
  };
}

/** Every credential value the runtime could print: settings credentials and secret config values. */
function secretValues(input: AppLaunchInput): string[] {
  const values = new Set<string>();
  for (const group of [input.settings.providerCredentials, input.settings.mcpCredentials]) {
    for (const credentials of Object.values(group ?? {})) {
      for (const value of Object.values(credentials)) if (value !== '') values.add(value);
    }
  }
  collectSecrets(input.load.config, '', values);
  // A custom server's environment and header values are all treated as secrets.
  for (const server of input.customMcps ?? []) {
    for (const value of [...Object.values(server.environment ?? {}), ...Object.values(server.headers ?? {})]) if (value !== '') values.add(value);
  }
  return [...values];
}

function collectSecrets(value: unknown, pointer: string, into: Set<string>): void {
  if (typeof value === 'string') {
    if (value !== '' && isSecretPointer(pointer)) into.add(value);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => collectSecrets(item, `${pointer}/${index}`, into));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) collectSecrets(item, `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`, into);
  }
}
