// The bridge address and token the host gives this server.

import { EnvError, requireEnv, type Env } from '@open-cowork/mcp-kit';

export const URL_ENV = 'OPEN_COWORK_AGENT_BRIDGE_URL';
export const TOKEN_ENV = 'OPEN_COWORK_AGENT_BRIDGE_TOKEN';

export interface BridgeConfig {
  /** `http://127.0.0.1:<port>[/prefix]`, without a trailing slash. */
  baseUrl: string;
  token: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]']);

/**
 * The bridge base URL: plain http on a loopback address with an explicit port, an optional
 * path prefix, nothing else. The token travels in clear text, so it may never leave the
 * machine: `localhost` is refused too, since it can resolve elsewhere.
 */
export function parseBridgeUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new EnvError(URL_ENV, `${URL_ENV} is not a URL: "${value}".`);
  }
  const problem =
    url.protocol !== 'http:'
      ? `must use http: (a loopback bridge), not ${url.protocol}`
      : !LOOPBACK_HOSTS.has(url.hostname)
        ? `must point at 127.0.0.1 or [::1], not "${url.hostname}"`
        : url.port === '' && !/^http:\/\/[^/]*\]?:\d+(?:\/|$)/i.test(value.trim())
          ? 'must include the port'
          : url.username !== '' || url.password !== ''
            ? 'must not contain credentials (the token goes in OPEN_COWORK_AGENT_BRIDGE_TOKEN)'
            : url.search !== '' || url.hash !== ''
              ? 'must not have a query or fragment'
              : undefined;
  if (problem) throw new EnvError(URL_ENV, `${URL_ENV} ${problem}; got "${value}".`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export function bridgeConfigFromEnv(env: Env): BridgeConfig {
  const baseUrl = parseBridgeUrl(requireEnv(env, URL_ENV, 'the loopback URL of the app\'s agent bridge'));
  const token = requireEnv(env, TOKEN_ENV, 'the agent bridge\'s bearer token').trim();
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new EnvError(TOKEN_ENV, `${TOKEN_ENV} must be printable ASCII without spaces.`);
  }
  return { baseUrl, token };
}
