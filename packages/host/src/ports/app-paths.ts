// Where the host keeps its state, all under one data directory.
import path from 'node:path';

export interface AppPaths {
  readonly dataDir: string;
  /** User settings and sealed credentials. */
  readonly settingsFile: string;
  /** The workspace registry. */
  readonly workspacesFile: string;
  /** Which folders the user trusts with their OpenCode configuration (workspace trust). */
  readonly trustFile: string;
  /** The headless cipher's key (unused when the desktop seals with safeStorage). */
  readonly keyFile: string;
  /** The managed runtime's home, config and pid ledger (RuntimeSupervisor uses `<dataDir>/runtime`). */
  readonly runtimeDir: string;
  readonly logDir: string;
  /** The user's own MCP servers (sidecar metadata beside OpenCode's config). */
  readonly customMcpsFile: string;
  /** App-managed folders the bundled MCP servers work in. */
  readonly artifactsDir: string;
  readonly knowledgeDir: string;
  readonly customSkillsDir: string;
  readonly workflowsDir: string;
  /** Application-default credentials, written while signed in with Google (for `googleAuth` MCPs). */
  readonly googleCredentialsFile: string;
}

export function appPaths(dataDir: string): AppPaths {
  const root = path.resolve(dataDir);
  return {
    dataDir: root,
    settingsFile: path.join(root, 'settings.json'),
    workspacesFile: path.join(root, 'workspaces.json'),
    trustFile: path.join(root, 'workspace-trust.json'),
    keyFile: path.join(root, 'keys', 'secrets.key'),
    runtimeDir: path.join(root, 'runtime'),
    logDir: path.join(root, 'logs'),
    customMcpsFile: path.join(root, 'mcp.open-cowork.json'),
    artifactsDir: path.join(root, 'artifacts'),
    knowledgeDir: path.join(root, 'knowledge'),
    customSkillsDir: path.join(root, 'skills'),
    workflowsDir: path.join(root, 'workflows'),
    googleCredentialsFile: path.join(root, 'google', 'application_default_credentials.json'),
  };
}
