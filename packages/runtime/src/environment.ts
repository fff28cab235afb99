// The environment the runtime process gets: a short allowlist from ours, an isolated
// home under the app's data dir, the offline switches, and nothing else. Provider keys
// and tokens never travel this way (they go in the private config file).
import path from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/** Variables passed through from the host's environment, when set. */
const PASS_THROUGH = [
  'PATH',
  // proxies
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'all_proxy',
  // CA bundles
  'NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR',
  // locale and time zone
  'LANG', 'LANGUAGE', 'LC_ALL', 'LC_CTYPE', 'LC_MESSAGES', 'LC_NUMERIC', 'LC_TIME', 'TZ',
  // Windows essentials (no secrets; processes misbehave without them)
  'SystemRoot', 'SYSTEMROOT', 'windir', 'COMSPEC', 'PATHEXT',
] as const;

/** Stops everything that would reach the network or the user's machine-wide state on its own. */
export const OFFLINE_SWITCHES: Readonly<Record<string, string>> = {
  OPENCODE_DISABLE_AUTOUPDATE: '1',
  OPENCODE_DISABLE_MODELS_FETCH: '1',
  OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
  OPENCODE_DISABLE_SHARE: '1',
  OPENCODE_DISABLE_FFF: '1',
  OPENCODE_DISABLE_PROJECT_CONFIG: '1',
};

/** Directories the runtime treats as its home; all under one root the app owns. */
export interface RuntimeHome {
  readonly root: string;
  readonly home: string;
  readonly config: string;
  readonly data: string;
  readonly cache: string;
  readonly state: string;
  readonly tmp: string;
}

export function runtimeHome(root: string): RuntimeHome {
  return {
    root,
    home: path.join(root, 'home'),
    config: path.join(root, 'xdg', 'config'),
    data: path.join(root, 'xdg', 'data'),
    cache: path.join(root, 'xdg', 'cache'),
    state: path.join(root, 'xdg', 'state'),
    tmp: path.join(root, 'tmp'),
  };
}

export interface RuntimeEnvInput {
  /** The host's own environment; only allowlisted names are read from it. */
  readonly parent: Env;
  readonly home: RuntimeHome;
  /** Absolute path of the generated OpenCode config file. */
  readonly configFile: string;
  /** Per-boot password for HTTP Basic auth. */
  readonly password: string;
  /** Non-secret switches from the config builder (e.g. OPENCODE_ENABLE_EXA). */
  readonly extra?: Readonly<Record<string, string>>;
  /** Registry for OpenCode's background plugin install; tests point it at a dead port. */
  readonly npmRegistry?: string;
}

export function runtimeEnvironment(input: RuntimeEnvInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASS_THROUGH) {
    const value = input.parent[name];
    if (value !== undefined && value !== '') env[name] = value;
  }
  const { home } = input;
  Object.assign(env, {
    HOME: home.home,
    USERPROFILE: home.home,
    XDG_CONFIG_HOME: home.config,
    XDG_DATA_HOME: home.data,
    XDG_CACHE_HOME: home.cache,
    XDG_STATE_HOME: home.state,
    TMPDIR: home.tmp,
    TEMP: home.tmp,
    TMP: home.tmp,
  });
  for (const [name, value] of Object.entries(input.extra ?? {})) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(name)) throw new Error(`Refusing runtime environment variable "${name}".`);
    // Boolean switches must parse: an empty value makes `opencode serve` crash.
    if (value === '') continue;
    env[name] = value;
  }
  Object.assign(env, OFFLINE_SWITCHES);
  if (input.npmRegistry !== undefined) env['npm_config_registry'] = input.npmRegistry;
  env['OPENCODE_CONFIG'] = input.configFile;
  env['OPENCODE_SERVER_USERNAME'] = RUNTIME_USERNAME;
  env['OPENCODE_SERVER_PASSWORD'] = input.password;
  return env;
}

export const RUNTIME_USERNAME = 'opencode';
