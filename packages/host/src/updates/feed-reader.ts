// A real check against a resolved feed: read its metadata over the guarded fetch and say which
// version it offers. Generic feeds (HTTPS folders, GCS, broker feeds) are read like
// electron-updater reads them; GitHub through its REST API.
import type { GuardedFetch } from '../network/index.js';
import type { ResolvedFeed } from './driver.js';
import { UpdateFailure } from './failure.js';
import { readJson, readText, requestFailure, statusFailure } from './http.js';
import { MetadataError, parseFeedMetadata } from './metadata.js';
import { parseVersion, type Version } from './semver.js';

export interface FeedRelease {
  readonly version: string;
  readonly parsedVersion: Version;
  readonly releaseDate?: string;
  /** The release has updater metadata (without it only the manual link can install it). */
  readonly metadata: boolean;
}

export interface FeedReaderOptions {
  readonly fetch: GuardedFetch;
  /** Default https://api.github.com (tests point it at a local fake). */
  readonly githubApiBase?: string;
  /** Sent as User-Agent (GitHub requires one). */
  readonly userAgent?: string;
}

/** `<channel>-mac.yml`: the metadata file electron-updater reads on macOS. */
export function metadataFileName(channel: string): string {
  return `${channel}-mac.yml`;
}

/**
 * `file` inside the folder `base`. Like electron-updater, a query on the base (a signed URL's
 * signature) is carried over to the file's URL.
 */
export function fileUrl(base: string, file: string): URL {
  const folder = new URL(base);
  if (!folder.pathname.endsWith('/')) folder.pathname = `${folder.pathname}/`;
  const result = new URL(file, folder);
  if (folder.search !== '' && result.search === '') result.search = folder.search;
  return result;
}

function metadataFrom(text: string, what: string): FeedRelease {
  try {
    const metadata = parseFeedMetadata(text);
    return {
      version: metadata.version,
      parsedVersion: metadata.parsedVersion,
      ...(metadata.releaseDate === undefined ? {} : { releaseDate: metadata.releaseDate }),
      metadata: true,
    };
  } catch (error) {
    if (error instanceof MetadataError) throw new UpdateFailure('invalid-metadata', `${what} is not valid updater metadata: ${error.message}`);
    throw error;
  }
}

async function get(fetch: GuardedFetch, url: string | URL, headers: Record<string, string>, what: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { headers });
  } catch (error) {
    throw requestFailure(error, what);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw statusFailure(response.status, what);
  }
  return response;
}

/** Reads the feed and returns the release it offers. Throws {@link UpdateFailure}. */
export async function readFeed(feed: ResolvedFeed, options: FeedReaderOptions): Promise<FeedRelease> {
  const userAgent = options.userAgent ?? 'open-cowork-updater';
  if (feed.provider === 'generic') {
    const what = 'the update feed';
    const response = await get(options.fetch, fileUrl(feed.url, metadataFileName(feed.channel)), { ...feed.headers, 'user-agent': userAgent, accept: '*/*' }, what);
    return metadataFrom(await readText(response, what), `${what}'s ${metadataFileName(feed.channel)}`);
  }
  return readGithub(feed, options, userAgent);
}

interface GithubAsset {
  readonly name: string;
  readonly url: string;
  readonly browser_download_url: string;
}

interface GithubRelease {
  readonly tag_name: string;
  readonly draft: boolean;
  readonly prerelease: boolean;
  readonly published_at?: string | null;
  readonly assets: readonly GithubAsset[];
}

function isRelease(value: unknown): value is GithubRelease {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record['tag_name'] === 'string' && Array.isArray(record['assets']);
}

async function readGithub(feed: Extract<ResolvedFeed, { provider: 'github' }>, options: FeedReaderOptions, userAgent: string): Promise<FeedRelease> {
  const api = (options.githubApiBase ?? 'https://api.github.com').replace(/\/+$/, '');
  const auth: Record<string, string> = feed.token === undefined ? {} : { authorization: `Bearer ${feed.token}` };
  const headers = { ...feed.headers, ...auth, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'user-agent': userAgent };
  const what = `GitHub releases of ${feed.owner}/${feed.repo}`;
  const listUrl = `${api}/repos/${encodeURIComponent(feed.owner)}/${encodeURIComponent(feed.repo)}/releases?per_page=30`;
  const body = await readJson(await get(options.fetch, listUrl, headers, what), what, 'invalid-metadata');
  if (!Array.isArray(body)) throw new UpdateFailure('invalid-metadata', `${what} did not answer a list of releases`);
  // "latest" follows full releases only; another channel ("beta") takes pre-releases too.
  const eligible = body.filter(isRelease).filter((release) => !release.draft && (feed.channel !== 'latest' || !release.prerelease));
  const file = metadataFileName(feed.channel);
  const withMetadata = eligible.find((release) => release.assets.some((asset) => asset.name === file));
  if (withMetadata === undefined) {
    const newest = eligible[0];
    if (newest === undefined) throw new UpdateFailure('not-found', `${what} has no published release`);
    // No updater metadata: the tag still tells which version the manual link leads to.
    const parsedVersion = parseVersion(newest.tag_name);
    if (parsedVersion === undefined) throw new UpdateFailure('invalid-metadata', `${what}: the newest release's tag is not a semantic version`);
    return {
      version: newest.tag_name.replace(/^v/, ''),
      parsedVersion,
      ...(newest.published_at ? { releaseDate: newest.published_at } : {}),
      metadata: false,
    };
  }
  const asset = withMetadata.assets.find((candidate) => candidate.name === file) as GithubAsset;
  // A private repository's assets come through the API (with the token); public ones from their download URL.
  const response =
    feed.token === undefined
      ? await get(options.fetch, asset.browser_download_url, { 'user-agent': userAgent, accept: '*/*' }, `${what}: ${file}`)
      : await get(options.fetch, asset.url, { ...auth, accept: 'application/octet-stream', 'user-agent': userAgent }, `${what}: ${file}`);
  return metadataFrom(await readText(response, `${what}: ${file}`), `${what}: ${file}`);
}
