// The configured release source turned into a feed plan: what the renderer may see of it
// (label, channel, manual link) and how to resolve it, credentials included, right before
// each use (Google tokens expire; a broker's signed URLs even sooner).
import type { OpenCoworkConfig, ReleaseSource } from '@open-cowork/config';
import type { GoogleTokenSource } from '../identity/index.js';
import type { GuardedFetch } from '../network/index.js';
import type { ResolvedFeed } from './driver.js';
import { UpdateFailure } from './failure.js';
import { readJson, requestFailure } from './http.js';

export type UpdatesConfig = OpenCoworkConfig['updates'];

/** The feed the app uses when the config names none. */
export const UPSTREAM_SOURCE: ReleaseSource = { kind: 'github-releases', owner: 'open-cowork', repo: 'open-cowork', channel: 'latest' };

/** The scope a Google token needs to read a private bucket, unless the config names others. */
export const GCS_READ_SCOPE = 'https://www.googleapis.com/auth/devstorage.read_only';

/** Where a GitHub token must come from: an {env:NAME} placeholder at this pointer. */
export const GITHUB_TOKEN_POINTER = '/updates/releaseSource/auth/token';

export interface FeedPlan {
  /** For people: the configured label, or a generic one. Never a URL or bucket. */
  readonly label: string;
  /** The configured channel ("latest" unless set). */
  readonly channel: string;
  /** The https:// page to download from by hand, if there is one. */
  readonly manualUrl: string | undefined;
  /** Updates are turned off in the configuration. */
  readonly disabled: boolean;
  /** The feed with credentials, resolved now. Throws {@link UpdateFailure}. */
  resolve(): Promise<ResolvedFeed>;
}

export interface PlanOptions {
  /** The Google sign-in, for GCS feeds that use it; unset means nobody can sign in. */
  readonly googleTokens?: GoogleTokenSource;
  /**
   * Pointers of config values that came from {env:NAME} placeholders (LoadResult.placeholders).
   * A GitHub token is accepted only from one.
   */
  readonly placeholders: ReadonlyMap<string, string>;
  /** Fetch for the signed-URL broker. */
  readonly fetch: GuardedFetch;
  /** The platform the broker is told about (the build's). */
  readonly platform: () => string;
  /** Default https://storage.googleapis.com (tests point it at a local server). */
  readonly gcsBaseUrl?: string;
}

function httpsOnly(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** An https:// URL, or http:// to this machine (a release page served locally while testing a feed). */
function httpsOrLoopback(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || (parsed.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(parsed.hostname)) ? url : undefined;
  } catch {
    return undefined;
  }
}

function defaultLabel(source: ReleaseSource): string {
  switch (source.kind) {
    case 'github-releases':
      return `GitHub releases of ${source.owner}/${source.repo}`;
    case 'generic-http':
      return 'Private feed';
    case 'gcs':
      return 'Google Cloud Storage';
  }
}

/** The plan for the configured source. Pure: nothing is fetched until `resolve`. */
export function planFeed(updates: UpdatesConfig, options: PlanOptions): FeedPlan {
  const source = updates?.releaseSource ?? UPSTREAM_SOURCE;
  const channel = source.channel ?? 'latest';
  const label = source.label?.trim() || defaultLabel(source);
  const githubPage = source.kind === 'github-releases' ? `https://github.com/${encodeURIComponent(source.owner)}/${encodeURIComponent(source.repo)}/releases` : undefined;
  const manualUrl = httpsOrLoopback(updates?.manualFallbackUrl) ?? githubPage;
  return {
    label,
    channel,
    manualUrl,
    disabled: updates?.enabled === false,
    resolve: () => resolveSource(source, channel, options),
  };
}

async function resolveSource(source: ReleaseSource, channel: string, options: PlanOptions): Promise<ResolvedFeed> {
  switch (source.kind) {
    case 'github-releases': {
      const base = { provider: 'github' as const, owner: source.owner, repo: source.repo, channel, headers: {} };
      if (source.auth === undefined || source.auth.kind === 'none') return base;
      if (source.auth.token.trim() === '') {
        throw new UpdateFailure('credentials-missing', 'the GitHub token of the update feed is empty (its environment variable is not set)');
      }
      if (!options.placeholders.has(GITHUB_TOKEN_POINTER)) {
        throw new UpdateFailure('credentials-not-placeholder', 'the GitHub token of the update feed must come from an {env:NAME} placeholder, not be written into the configuration');
      }
      return { ...base, token: source.auth.token };
    }
    case 'generic-http': {
      const headers = source.auth?.kind === 'static-headers' ? source.auth.headers : {};
      const unset = Object.entries(headers).filter(([, value]) => value.trim() === '');
      if (unset.length > 0) {
        throw new UpdateFailure('credentials-missing', `the update feed header ${unset.map(([name]) => `"${name}"`).join(', ')} is empty (its environment variable is not set)`);
      }
      return { provider: 'generic', url: source.url, channel, headers: { ...headers } };
    }
    case 'gcs':
      return resolveGcs(source, channel, options);
  }
}

async function googleToken(tokens: GoogleTokenSource | undefined, scopes: string[]): Promise<string> {
  if (tokens === undefined) throw new UpdateFailure('signed-out', 'the update feed needs the Google sign-in, which this host does not offer');
  const token = await tokens.accessToken(scopes);
  if (token !== undefined && token !== '') return token;
  // Tell "nobody signed in" from "signed in without the scope".
  const any = scopes.length === 0 ? undefined : await tokens.accessToken();
  if (any !== undefined && any !== '') throw new UpdateFailure('scopes-missing', `the Google sign-in lacks a scope the update feed needs (${scopes.join(', ')})`);
  throw new UpdateFailure('signed-out', 'the update feed needs the Google sign-in, and nobody is signed in');
}

type GcsSource = Extract<ReleaseSource, { kind: 'gcs' }>;

async function resolveGcs(source: GcsSource, channel: string, options: PlanOptions): Promise<ResolvedFeed> {
  if (source.auth?.kind === 'signed-url-broker') return askBroker(source.auth.brokerUrl, channel, options);
  // gs://<bucket>/<prefix>/<channel>/latest-mac.yml, over HTTPS.
  const segments = [source.bucket, ...(source.prefix ?? '').split('/'), channel].filter((part) => part !== '').map(encodeURIComponent);
  const base = (options.gcsBaseUrl ?? 'https://storage.googleapis.com').replace(/\/+$/, '');
  const url = `${base}/${segments.join('/')}`;
  if (source.auth === undefined) return { provider: 'generic', url, channel: 'latest', headers: {} };
  const scopes = source.auth.requiredScopes ?? [GCS_READ_SCOPE];
  const token = await googleToken(options.googleTokens, scopes);
  return { provider: 'generic', url, channel: 'latest', headers: { Authorization: `Bearer ${token}` } };
}

/** POSTs {channel, platform} with the Google token; the broker answers with a short-lived generic feed. */
async function askBroker(brokerUrl: string, channel: string, options: PlanOptions): Promise<ResolvedFeed> {
  const token = await googleToken(options.googleTokens, []);
  let response: Response;
  try {
    response = await options.fetch(brokerUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ channel, platform: options.platform() }),
      redirect: 'error',
    });
  } catch (error) {
    throw requestFailure(error, 'the update broker');
  }
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel().catch(() => undefined);
    throw new UpdateFailure('auth-forbidden', `the update broker refused the sign-in (HTTP ${response.status})`);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new UpdateFailure('broker-failed', `the update broker answered HTTP ${response.status}`);
  }
  const body = await readJson(response, 'the update broker', 'broker-failed');
  const record = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const providerUrl = record['providerUrl'];
  if (typeof providerUrl !== 'string' || httpsOnly(providerUrl) === undefined) {
    throw new UpdateFailure('broker-failed', 'the update broker did not answer with an https:// providerUrl');
  }
  const rawHeaders = record['requestHeaders'] ?? {};
  if (typeof rawHeaders !== 'object' || rawHeaders === null || Array.isArray(rawHeaders)) {
    throw new UpdateFailure('broker-failed', 'the update broker answered requestHeaders that are not an object');
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(rawHeaders)) {
    if (typeof value !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new UpdateFailure('broker-failed', 'the update broker answered a request header that is not a text value');
    }
    headers[name] = value;
  }
  return { provider: 'generic', url: providerUrl, channel: 'latest', headers };
}
