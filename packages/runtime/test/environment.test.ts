import { describe, expect, it } from 'vitest';
import { OFFLINE_SWITCHES, runtimeEnvironment, runtimeHome } from '../src/index.js';

const home = runtimeHome('/data/runtime');
const parent = {
  PATH: '/usr/bin',
  HTTPS_PROXY: 'http://proxy:3128',
  NODE_EXTRA_CA_CERTS: '/etc/ca.pem',
  LANG: 'de_DE.UTF-8',
  OPENAI_API_KEY: 'sk-live',
  ANTHROPIC_API_KEY: 'sk-ant',
  GITHUB_TOKEN: 'ghp_x',
  AWS_SECRET_ACCESS_KEY: 'aws',
  OPENCODE_SERVER_PASSWORD: 'inherited',
  HOME: '/home/me',
  SSH_AUTH_SOCK: '/tmp/agent',
  EMPTY: '',
};

describe('runtimeEnvironment', () => {
  const env = runtimeEnvironment({ parent, home, configFile: '/data/runtime/config/opencode.json', password: 'per-boot', extra: { OPENCODE_ENABLE_EXA: '1' }, npmRegistry: 'http://127.0.0.1:9/' });

  it('passes only the allowlist through', () => {
    expect(env['PATH']).toBe('/usr/bin');
    expect(env['HTTPS_PROXY']).toBe('http://proxy:3128');
    expect(env['NODE_EXTRA_CA_CERTS']).toBe('/etc/ca.pem');
    expect(env['LANG']).toBe('de_DE.UTF-8');
    for (const name of ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'SSH_AUTH_SOCK', 'EMPTY']) {
      expect(env, name).not.toHaveProperty(name);
    }
    expect(Object.values(env).join('\n')).not.toMatch(/sk-live|sk-ant|ghp_x|inherited/);
  });

  it('isolates home, XDG dirs and temp under the app data dir', () => {
    expect(env).toMatchObject({
      HOME: '/data/runtime/home',
      XDG_CONFIG_HOME: '/data/runtime/xdg/config',
      XDG_DATA_HOME: '/data/runtime/xdg/data',
      XDG_CACHE_HOME: '/data/runtime/xdg/cache',
      XDG_STATE_HOME: '/data/runtime/xdg/state',
      TMPDIR: '/data/runtime/tmp',
    });
  });

  it('sets the offline switches, config file, auth and extra switches', () => {
    expect(env).toMatchObject(OFFLINE_SWITCHES);
    expect(env).toMatchObject({
      OPENCODE_CONFIG: '/data/runtime/config/opencode.json',
      OPENCODE_SERVER_USERNAME: 'opencode',
      OPENCODE_SERVER_PASSWORD: 'per-boot',
      OPENCODE_ENABLE_EXA: '1',
      npm_config_registry: 'http://127.0.0.1:9/',
    });
    expect(env).not.toHaveProperty('OPENCODE_CONFIG_CONTENT');
  });

  it('drops empty switches (they crash `opencode serve`) and refuses odd names', () => {
    const withEmpty = runtimeEnvironment({ parent: {}, home, configFile: '/c', password: 'p', extra: { OPENCODE_ENABLE_EXA: '' } });
    expect(withEmpty).not.toHaveProperty('OPENCODE_ENABLE_EXA');
    expect(() => runtimeEnvironment({ parent: {}, home, configFile: '/c', password: 'p', extra: { 'bad name': '1' } })).toThrow(/Refusing runtime environment variable "bad name"/);
  });
});
