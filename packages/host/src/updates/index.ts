// In-app updates: release sources resolved in the host, a real feed check, and the
// UpdateDriver port the desktop implements over electron-updater. See docs/updates.md.
export type { DriverCheck, ResolvedFeed, UpdateBuild, UpdateDriver } from './driver.js';
export { UpdateFailure } from './failure.js';
export { fileUrl, metadataFileName, readFeed, type FeedReaderOptions, type FeedRelease } from './feed-reader.js';
export { MetadataError, parseFeedMetadata, type FeedFile, type FeedMetadata } from './metadata.js';
export { compareVersions, isNewer, parseVersion, type Version } from './semver.js';
export { GCS_READ_SCOPE, GITHUB_TOKEN_POINTER, planFeed, UPSTREAM_SOURCE, type FeedPlan, type PlanOptions, type UpdatesConfig } from './sources.js';
export { manualReason, UpdateService, updateHandlers, type UpdateServiceOptions } from './service.js';
